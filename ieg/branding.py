"""Council branding from configuration, as CSS custom properties."""
from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _colour(value: str, fallback: str) -> str:
    # Only plain hex colours reach the stylesheet: configuration never injects CSS.
    return value if isinstance(value, str) and HEX.match(value) else fallback


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two hex colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def branding_css(config) -> str:
    brand = _colour(config["BRAND_COLOUR"], "#1d4f76")
    text = _colour(config["BRAND_TEXT_COLOUR"], "#ffffff")
    link = _colour(config["LINK_COLOUR"], "#1d70b8")
    # A pair that fails WCAG AA (4.5:1) would make every page fail G20: keep the defaults.
    if contrast_ratio(brand, text) < 4.5:
        brand, text = "#1d4f76", "#ffffff"
    if contrast_ratio(link, "#ffffff") < 4.5:
        link = "#1d70b8"
    return (
        ":root {\n"
        f"  --ieg-header-background: {brand};\n"
        f"  --ieg-header-text: {text};\n"
        f"  --govuk-brand-colour: {brand};\n"
        f"  --govuk-link-colour: {link};\n"
        "}\n"
    )
