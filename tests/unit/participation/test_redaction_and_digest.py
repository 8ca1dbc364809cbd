"""Redaction by consent, and digest grouping."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from ieg.participation import charts, digest, redaction

QUESTIONS = [{"name": "support", "kind": "one_choice", "label": "Do you support it?", "options": ["Yes", "No"]},
             {"name": "comments", "kind": "long_text", "label": "Comments"}]
PERSONAL = {"name": "Jane Smithson", "email": "jane.smithson@example.com", "postcode": "AS1 2BC",
            "organisation": "", "respondent_type": "resident",
            "answers": {"support": "Yes", "comments": "Call Jane Smithson on 07700 900123 or jane.smithson@example.com"}}


@pytest.mark.parametrize("consent", ["named", "anonymous", "no"])
def test_no_personal_detail_reaches_a_public_record(consent):
    record = redaction.public_record(7, {**PERSONAL, "publish": consent}, QUESTIONS)
    if consent == "no":
        assert record is None
        return
    assert set(record) == set(redaction.PUBLIC_FIELDS)
    text = json.dumps(record)
    for secret in ("jane.smithson@example.com", "AS1 2BC", "AS1", "07700 900123", "900123"):
        assert secret not in text
    if consent == "anonymous":
        assert "Smithson" not in text and "Jane" not in text
        assert record["respondent"] == "Anonymous"
    else:
        assert record["respondent"] == "Jane Smithson"
    assert record["answers"]["Do you support it?"] == "Yes"


def test_an_organisation_is_named_by_its_name_and_the_person_is_not():
    record = redaction.public_record(1, {**PERSONAL, "publish": "named", "respondent_type": "business",
                                         "organisation": "Mill Lane Bakery"}, QUESTIONS)
    assert record["respondent"] == "Mill Lane Bakery"
    assert "Smithson" not in json.dumps(record)


def _item(n, topics, minutes):
    return digest.Item(n, tuple(topics), f"Alert {n}", "", f"/x/{n}",
                       datetime(2026, 5, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes))


def test_digest_groups_by_topic_once_each_oldest_first():
    items = [_item(1, [("section", "roads")], 30), _item(2, [("consultations", "all"), ("section", "roads")], 10),
             _item(3, [("section", "parks")], 5), _item(4, [("consultations", "all")], 50)]
    groups = digest.group(items, {("section", "roads"), ("consultations", "all")}, lambda kind, key: f"{kind}/{key}")
    assert [(label, [i.id for i in found]) for label, found in groups] == [
        ("consultations/all", [2, 4]), ("section/roads", [1])]
    body = digest.body(groups, "https://council.example", "https://council.example/alerts/manage/x", "Ashdown")
    assert body.count("Alert 2") == 1 and "Alert 3" not in body and "https://council.example/x/4" in body


def test_chart_escapes_labels_and_names_every_figure():
    svg = charts.bar_chart("Support <b>", [("Yes & more", 3), ("No", 1)], "c1")
    assert "<b>" not in svg and "Yes &amp; more 3; No 1" in svg and "(75%)" in svg and 'role="img"' in svg
