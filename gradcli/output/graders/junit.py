"""JUnit XML, as CI systems read it (the Ant/Jenkins schema): ``<testsuites>`` with one
``<testsuite>`` whose ``tests``/``failures``/``errors`` count its ``<testcase>`` elements, one per
graded item; a wrong answer has a ``<failure message=...>``, an answer that cannot be read or a
case that cannot be checked an ``<error message=...>``."""

from __future__ import annotations

import re
from typing import Iterable
from xml.etree import ElementTree

from ...core.status import PASS
from .graded import GradedItem, items_from_cases, items_from_report, items_from_worksheet

# XML 1.0 has no way to write these characters, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(items: list[GradedItem], suite: str = "gradcli check") -> str:
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


def check_junit(report) -> str:
    return render(items_from_report(report))


def cases_junit(results: Iterable):
    yield render(items_from_cases(results), "gradcli check --cases")


def worksheet_junit(report) -> str:
    return render(items_from_worksheet(report), "gradcli check --worksheet")
