"""Text from outside made safe: ieg/text.py."""
from hypothesis import given, strategies as st

from ieg import text


def test_clean_keeps_lines_and_tabs_and_drops_other_controls():
    assert text.clean("a\r\nb\rc\nd\te\x00f\x1bg\x7fh\x9fi") == "a\nb\nc\nd\tefghi"


def test_clean_replaces_lone_surrogates_which_no_database_accepts():
    assert text.clean("caf\udce9") == "caf\ufffd"
    text.clean("caf\udce9").encode("utf-8")  # would raise with the surrogate


def test_single_line_folds_line_breaks_into_spaces():
    assert text.single_line("  hello\r\nBcc: x@example.com \u2028 there\x00 ") == "hello Bcc: x@example.com there"


def test_nothing_in_nothing_out():
    assert text.clean(None) == text.single_line(None) == ""


def test_has_controls():
    assert text.has_controls("a\rb") and text.has_controls("a\x00") and not text.has_controls("a\nb\tc")


@given(st.text())
def test_single_line_is_one_line_with_no_controls_and_encodes(value):
    out = text.single_line(value)
    assert "\n" not in out and "\r" not in out
    assert not text.has_controls(out)
    out.encode("utf-8")
    assert text.single_line(out) == out  # idempotent


@given(st.text())
def test_clean_is_idempotent_and_encodes(value):
    out = text.clean(value)
    assert text.clean(out) == out
    out.encode("utf-8")
    assert "\r" not in out and "\x00" not in out
