"""The repository stands alone: a council's clone has nothing beside it, so neither the
product nor its tests may read a folder outside the repository (the design's reference data
is copied into tests/data and ieg/data with its source and licence)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The design's folder beside the checkout, named in pieces so this file does not name it.
BESIDE = "sha" + "red"
OUTSIDE = re.compile(rf"""\.\./{BESIDE}|parents\[\d\]\s*/\s*["']{BESIDE}["']|parent\s*/\s*["']{BESIDE}["']""")


def test_nothing_reads_outside_the_repository():
    found = []
    for path in [*ROOT.glob("ieg/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/*.py"),
                 *ROOT.glob("migrations/**/*.py"), ROOT / "Makefile", ROOT / "app.py"]:
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_tests_reference_data_is_here_with_its_licence():
    readme = (ROOT / "tests" / "data" / "README.md").read_text(encoding="utf-8")
    for name in ("priority_outcomes.csv", "lgnl-navigation-england-wales-2013.xml",
                 "govuk-bank-holidays-2012-2028.json"):
        assert (ROOT / "tests" / "data" / name).stat().st_size > 0
        assert name in readme
    assert "Open Government Licence" in readme and "esd-toolkit" in readme
