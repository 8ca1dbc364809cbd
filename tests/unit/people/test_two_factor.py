"""The pure rules of two-factor sign-in (ieg/people/two_factor.py)."""
from datetime import datetime, timedelta, timezone

import pyotp

from ieg.people import two_factor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AT = datetime(2027, 3, 1, 10, 0, 15, tzinfo=timezone.utc)


def test_a_code_matches_its_own_step_and_one_either_side_only():
    step = int(AT.timestamp()) // 30
    totp = pyotp.TOTP(SECRET)
    for offset in (-1, 0, 1):
        assert two_factor.matching_step(SECRET, totp.at((step + offset) * 30), AT) == step + offset
    for offset in (-3, -2, 2, 3):
        assert two_factor.matching_step(SECRET, totp.at((step + offset) * 30), AT) is None


def test_codes_are_read_with_spaces_and_nothing_else():
    code = pyotp.TOTP(SECRET).at(AT)
    assert two_factor.matching_step(SECRET, f" {code[:3]} {code[3:]} ", AT) is not None
    for bad in ("", "12345", "1234567", "abcdef", None):
        assert two_factor.matching_step(SECRET, bad, AT) is None


def test_recovery_codes_are_random_salted_and_read_loosely():
    codes = {two_factor.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 19 and c.count("-") == 3 for c in codes)
    code = codes.pop()
    stored, again = two_factor.recovery_hash(code), two_factor.recovery_hash(code)
    assert stored != again  # a salt of its own each time
    assert two_factor.recovery_matches(code.lower().replace("-", " "), stored)
    assert not two_factor.recovery_matches(two_factor.new_recovery_code(), stored)
    assert two_factor.looks_like_recovery_code(code) and not two_factor.looks_like_recovery_code("123456")


def test_the_set_up_address_and_the_key_to_type():
    uri = two_factor.setup_uri(SECRET, "jo@example.org", "Ashdown District Council")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri and "issuer=Ashdown" in uri
    assert two_factor.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
    assert len(two_factor.new_secret()) == 32
    assert timedelta(seconds=two_factor.STEP_SECONDS) == timedelta(seconds=30)
