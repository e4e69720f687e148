"""JUnit XML, as CI systems read it (the Ant/Jenkins schema): ``<testsuites>`` with one
``<testsuite>`` whose ``tests``/``failures``/``errors`` count its ``<testcase>`` elements, one per
graded item; a wrong answer has a ``<failure message=...>``, an answer that cannot be read or a
case that cannot be checked an ``<error message=...>``."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from ...core.status import PASS
from .graded import GradedItem, entry_points

# XML 1.0 has no way to write these characters, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_SUITES = {"check": "gradcli check", "cases": "gradcli check --cases",
           "worksheet": "gradcli check --worksheet"}


def render(items: list[GradedItem], source: str = "check") -> str:
    suite = _SUITES[source]
    failures = sum(item.status == "fail" for item in items)
    errors = sum(item.status not in (PASS, "fail") for item in items)
    counts = {"tests": str(len(items)), "failures": str(failures), "errors": str(errors)}
    root = ElementTree.Element("testsuites", {"name": "gradcli", **counts})
    testsuite = ElementTree.SubElement(root, "testsuite", {"name": suite, **counts,
                                                          "skipped": "0"})
    for item in items:
        case = ElementTree.SubElement(testsuite, "testcase", {
            "name": _clean(item.name), "classname": suite.replace(" ", "."),
        })
        if item.status != PASS:
            tag = "failure" if item.status == "fail" else "error"
            text = _clean(item.message)
            element = ElementTree.SubElement(case, tag, {"message": text.splitlines()[0]
                                                         if text else "", "type": item.status})
            element.text = text
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


check_junit, cases_junit, worksheet_junit = entry_points(render)
