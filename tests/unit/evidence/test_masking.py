"""Masking personal data for auditors without the grant (ieg.evidence.masking)."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ieg.evidence import masking


@pytest.mark.parametrize("name,expected", [
    ("Jane Smith", "J. S."), ("jane  o'brien-smith", "J. O."), ("Élodie", "É."), ("", ""), (None, ""),
    ("Mary Ann Jones", "M. A. J."),
])
def test_a_name_becomes_initials(name, expected):
    assert masking.initials(name) == expected


@pytest.mark.parametrize("address,expected", [
    ("jane.smith@example.com", "j***@e***.com"),
    ("j@example.co.uk", "***@e***.uk"),
    ("bob@localhost", "b***@l***"),
    ("not an address", "***"),
    ("", ""),
])
def test_an_email_keeps_first_letters_and_the_top_level_domain(address, expected):
    assert masking.email(address) == expected


@pytest.mark.parametrize("number,expected", [
    ("07700 900123", "***123"), ("+44 (0)1632 960 457", "***457"), ("999", "***"), ("", ""),
])
def test_a_phone_keeps_its_last_three_digits(number, expected):
    assert masking.phone(number) == expected


@pytest.mark.parametrize("value,expected", [
    ("AS1 1AA", "AS1"), ("as11aa", "AS1"), ("SW1A 2AA", "SW1A"), ("AS1", "AS1"), ("nowhere", "[withheld]"),
])
def test_a_postcode_keeps_its_district(value, expected):
    assert masking.postcode(value) == expected


def test_an_address_keeps_only_the_postcode_district():
    assert masking.address("12 High Street\nAshdown\nAS2 3BB") == "AS2"
    assert masking.address("12 High Street", "AS1 1AA") == "AS1"
    assert masking.address("12 High Street") == "[withheld]"
    assert masking.address("") == ""


def test_free_text_loses_emails_phones_and_the_customers_name():
    text = ("Dear Jane Smith, Jane rang from 07700 900123 (or +44 1632 960457) and wrote to "
            "jane.smith@example.com. Ref ENQ-7K2M-9QX4-H, 2026-11-03 14:30, bin 12.")
    masked = masking.text(text, ["Jane Smith"])
    assert masked == ("Dear J. S., J. rang from ***123 (or ***457) and wrote to j***@e***.com. "
                      "Ref ENQ-7K2M-9QX4-H, 2026-11-03 14:30, bin 12.")
    assert masking.text(masked, ["Jane Smith"]) == masked  # masking twice changes nothing


def test_details_are_masked_all_the_way_down():
    assert masking.data({"email": "jo.bloggs@example.org", "n": 3, "list": ["07700 900999"]}) == {
        "email": "j***@e***.org", "n": 3, "list": ["***999"]}


LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=2, max_size=30)
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)


@settings(max_examples=300)
@given(local=LOCAL, labels=st.lists(LABEL, min_size=1, max_size=3), tld=st.sampled_from(["com", "uk", "org", "gov"]))
def test_a_masked_email_never_shows_the_local_part_or_the_domain(local, labels, tld):
    domain = ".".join([*labels, tld])
    masked = masking.email(f"{local}@{domain}")
    shown_local, _, shown_domain = masked.partition("@")
    # Judged on each side of the "@": "ov@0.gov" shows "o***@0***.gov", whose "ov" is the ".gov".
    assert local not in shown_local and domain not in shown_domain
    # Nothing but the first letters and the top-level domain: addresses sharing them look alike.
    assert masked == masking.email(f"{local[0]}zzzz@{domain[0]}zzzz.{tld}")


@given(st.emails())
def test_any_valid_email_is_masked_beyond_its_first_letters(address):
    local, domain = address.rsplit("@", 1)
    masked = masking.email(address)
    assert domain not in masked
    assert masked.rsplit("@", 1)[0] in {local[0] + "***", "***"}  # at most the first character
    if len(local) > 1 and "*" not in local:
        assert local not in masked


@settings(max_examples=300)
@given(st.from_regex(r"\A(0\d{9,10}|\+44 ?\d{4} ?\d{6}|0\d{3,4}[ -]\d{3}[ -]?\d{3,4})\Z"))
def test_a_masked_phone_never_shows_more_than_three_digits_in_a_row(number):
    digits = re.sub(r"\D", "", number)
    in_text = masking.text(f"Call {number} after 5")
    assert in_text.startswith("Call ") and in_text.endswith(" after 5"), in_text
    # Judge only what stands for the number: the "5" of "after 5" is not one of its digits.
    for masked in (masking.phone(number), in_text.removeprefix("Call ").removesuffix(" after 5")):
        runs = re.findall(r"\d+", masked)
        assert all(len(run) <= 3 for run in runs), masked
        assert all(digits[i:i + 4] not in re.sub(r"\D", "", masked) for i in range(len(digits) - 3))


def test_every_action_written_anywhere_has_a_label():
    """Each audit.record(..., "action", ...) in the code names an action the audit page can label."""
    import re
    from pathlib import Path

    from ieg.audit import ACTIONS
    root = Path(__file__).resolve().parents[3] / "ieg"
    written = set()
    for path in root.rglob("*.py"):
        written |= set(re.findall(r'audit\.record\([^"]*?"([a-z_]+\.[a-z_]+)"', path.read_text(), re.S))
    assert written and written <= set(ACTIONS), written - set(ACTIONS)
