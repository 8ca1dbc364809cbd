import pytest

from ieg.branding import branding_css, contrast_ratio

BASE = {"BRAND_COLOUR": "#1d4f76", "BRAND_TEXT_COLOUR": "#ffffff", "LINK_COLOUR": "#1d70b8"}


def test_contrast_ratio_extremes():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_configured_colours_reach_the_stylesheet():
    css = branding_css({**BASE, "BRAND_COLOUR": "#00703c"})
    assert "--ieg-header-background: #00703c;" in css


@pytest.mark.parametrize("bad", ["red; } body { display:none", "#12345", "url(x)", "#ggg000"])
def test_anything_but_hex_is_ignored(bad):
    css = branding_css({**BASE, "BRAND_COLOUR": bad})
    assert bad not in css
    assert "--ieg-header-background: #1d4f76;" in css


def test_failing_contrast_falls_back_to_accessible_defaults():
    css = branding_css({**BASE, "BRAND_COLOUR": "#ffff00", "LINK_COLOUR": "#aaaaaa"})
    assert "--ieg-header-background: #1d4f76;" in css
    assert "--govuk-link-colour: #1d70b8;" in css
