import csv

from ieg.reference import outcomes
from tests.conftest import TEST_DATA


def test_all_73_outcomes_by_level():
    assert len(outcomes.all_outcomes()) == 73
    assert outcomes.count_by("level") == {"required": 29, "good": 25, "excellent": 19}


def test_grouped_into_14_areas_required_first():
    areas = outcomes.by_area()
    assert [number for number, _, _ in areas] == list(range(1, 15))
    for _, _, items in areas:
        levels = [o.level for o in items]
        assert levels == sorted(levels, key=outcomes.LEVELS.index)


def test_package_copy_matches_reference_data():
    with open(TEST_DATA / "priority_outcomes.csv", encoding="utf-8") as fh:
        reference = {row["ref"]: row["outcome"] for row in csv.DictReader(fh)}
    assert {o.ref: o.text for o in outcomes.all_outcomes()} == reference
