"""Each check written once serves numbers and arrays; one status vocabulary."""

import json


from gradcli.api import check
from gradcli.core.status import Status


def test_a_status_is_its_json_word_everywhere():
    words = [s.value for s in Status]
    assert words == ["ok", "pass", "fail", "kink", "undefined", "undecided", "invalid", "error"]
    assert json.dumps({"status": Status.UNDECIDED}) == '{"status": "undecided"}'
    assert f"{Status.KINK} / {Status.FAIL!s}" == "kink / fail"
    assert Status.OK.as_item() is Status.PASS and Status.KINK.as_item() is Status.KINK


def test_statuses_of_checks_and_items_are_the_enum():
    report = check("relu(x) + x*y", x=0.0, y=2)
    assert [type(item.status) for item in report.items] == [Status, Status]
    assert [item.status for item in report.items] == ["kink", "pass"]
