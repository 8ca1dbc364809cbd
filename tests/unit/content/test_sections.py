import pytest

from ieg.content.sections import RESERVED_SLUGS, slug_problem


@pytest.mark.parametrize("slug", ["waste", "waste-and-recycling", "a1", "council-tax-2026"])
def test_good_slugs(slug):
    assert slug_problem(slug) is None


@pytest.mark.parametrize("slug,words", [
    ("", "Enter the web address"),
    ("Waste", "lower-case"),
    ("waste--recycling", "single hyphens"),
    ("-waste", "lower-case"),
    ("waste/recycling", "lower-case"),
    ("waste recycling", "lower-case"),
    ("x" * 81, "80 characters"),
    ("admin", "used by the site itself"),
    ("login", "used by the site itself"),
])
def test_bad_slugs(slug, words):
    assert words in slug_problem(slug)


def test_every_fixed_public_path_is_reserved():
    # The site's own first path segments (its public interfaces).
    for path in ("a-z", "search", "forms", "track", "service-standards", "councillors", "meetings",
                 "consultations", "healthz", "login", "edit", "staff", "admin", "evidence", "open311"):
        assert path in RESERVED_SLUGS
