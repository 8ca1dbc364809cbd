"""The one rule for percentages (ieg.figures): rounded half up to one decimal place, never to
100% short of the whole nor to 0% above none, written without a trailing ".0"."""
import pytest

from ieg import figures


@pytest.mark.parametrize("part, whole, expected", [
    (12, 18, 66.7),      # was cut to 66.6
    (2, 3, 66.7), (1, 3, 33.3), (1, 8, 12.5), (1, 16, 6.3), (3, 16, 18.8),  # halves round up
    (157, 185, 84.9), (11, 13, 84.6),
    (9999, 10000, 99.9), (19999, 20000, 99.9),  # 99.995 does not become the 100% a standard asks for
    (1, 10000, 0.1), (1, 20001, 0.1),           # something is never shown as nothing
    (0, 7, 0.0), (7, 7, 100.0), (0, 0, None),
])
def test_percent(part, whole, expected):
    assert figures.percent(part, whole) == expected


def test_every_share_of_small_wholes_rounds_half_up():
    from decimal import ROUND_HALF_UP, Decimal
    for whole in range(1, 400):
        for part in range(1, whole):
            exact = Decimal(100 * part) / Decimal(whole)
            expected = float(exact.quantize(Decimal("0.1"), ROUND_HALF_UP))
            assert figures.percent(part, whole) == min(max(expected, 0.1), 99.9), (part, whole)


@pytest.mark.parametrize("value, text", [(66.7, "66.7%"), (50.0, "50%"), (100.0, "100%"), (0.0, "0%"),
                                         (None, "no data")])
def test_percent_text(value, text):
    assert figures.percent_text(value) == text


def test_share_text():
    assert figures.share_text(12, 18) == "12 of 18 (66.7%)"
    assert figures.share_text(0, 0, "none yet") == "0 of 0 (none yet)"
    assert figures.share_text(1200, 1800) == "1,200 of 1,800 (66.7%)"
