"""Redirect targets taken from the request: paths on this site only (ieg/redirects.py)."""
import pytest

from ieg.redirects import local_path


@pytest.mark.parametrize("target", ["/", "/staff/", "/evidence/?month=2026-11", "/a-z#b", "/waste/bins%20and%20more"])
def test_paths_on_this_site_are_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", [
    None, "", "//evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/x", "/\\evil.example",
    "/x\\y", "https://evil.example/", "http:/evil.example", "evil.example", "javascript:alert(1)",
    "/ /evil.example", "/x\x00", "/x\x7f", "/" + "a" * 2000])
def test_anything_else_is_refused(target):
    assert local_path(target) is None
