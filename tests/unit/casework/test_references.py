"""Reference numbers (R28): format, randomness source, normalisation, and that the check
symbol catches every single-symbol typo and every swap of neighbours in an issued reference."""
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ieg.casework import references as refs

FORMAT = re.compile(r"^ENQ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")


def test_format_and_alphabet():
    for _ in range(500):
        ref = refs.generate()
        assert FORMAT.match(ref), ref
        assert not set("ILOU") & set(ref[4:])


def test_every_symbol_turns_up_in_every_place():
    """Each of the 8 places takes its own 5 bits of the draw: all 32 symbols appear in each."""
    bodies = [_body_and_check(refs.generate()) for _ in range(3000)]
    for place in range(refs.BODY_LENGTH):
        assert {body[place] for body in bodies} == set(refs.ALPHABET), place


def test_uses_the_secure_random_source_by_default():
    import secrets
    assert refs.new_body.__defaults__[0] is refs.generate.__defaults__[1] is secrets.randbits


def test_never_issues_zero_next_to_z():
    rng = random.Random(1)
    for _ in range(5000):
        body = refs.new_body(rng.getrandbits)
        assert "0Z" not in body and "Z0" not in body


def _body_and_check(ref: str) -> str:
    return ref.replace("-", "")[3:]


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=2**64))
def test_every_single_symbol_typo_is_caught(seed):
    compact = refs.new_body(random.Random(seed).getrandbits)
    for i in range(len(compact)):
        for symbol in refs.ALPHABET:
            if symbol != compact[i]:
                typo = compact[:i] + symbol + compact[i + 1:]
                assert not refs.is_valid("ENQ" + typo), (compact, typo)


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=2**64))
def test_every_adjacent_swap_in_an_issued_reference_is_caught(seed):
    compact = refs.new_body(random.Random(seed).getrandbits)
    for i in range(len(compact) - 1):
        if compact[i] != compact[i + 1]:
            swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:]
            assert not refs.is_valid("ENQ" + swapped), (compact, swapped)


def test_luhn_mod_32_alone_misses_the_zero_z_swap():
    # Why references never put 0 next to Z: without that rule this swap would pass.
    body = "0Z345678"
    swapped = "Z0345678"
    assert refs.check_symbol(body) == refs.check_symbol(swapped)


@pytest.mark.parametrize("typed", ["enq-7k2m-9qx4-{c}", "ENQ 7K2M 9QX4 {c}", "7k2m9qx4{c}", " enq7K2M-9QX4{c} "])
def test_normalise_accepts_how_people_type_it(typed):
    c = refs.check_symbol("7K2M9QX4")
    assert refs.normalise(typed.format(c=c)) == f"ENQ-7K2M-9QX4-{c}"


def test_normalise_reads_o_as_zero_and_i_l_as_one():
    body = "10K2M9Q1"
    ref = refs.format_reference("ENQ", body + refs.check_symbol(body))
    assert refs.normalise(ref.replace("0", "O").replace("1", "l", 1).replace("1", "I")) == ref


@pytest.mark.parametrize("typed, message", [
    ("", "9 letters and numbers"), ("ENQ-7K2M-9QX4", "9 letters and numbers"),
    ("ENQ-7K2M-9QX4-U", "cannot contain U"), ("ENQ-7K2M-9QX4-*", "cannot contain *"),
])
def test_normalise_explains_what_is_wrong(typed, message):
    with pytest.raises(refs.InvalidReference, match=message):
        refs.normalise(typed)


def test_a_wrong_check_symbol_is_refused():
    body = "7K2M9QX4"
    wrong = refs.ALPHABET[(refs.VALUE[refs.check_symbol(body)] + 1) % 32]
    with pytest.raises(refs.InvalidReference, match="not right"):
        refs.normalise(f"ENQ-7K2M-9QX4-{wrong}")


def test_other_prefixes():
    ref = refs.generate("PCN")
    assert ref.startswith("PCN-") and refs.is_valid(ref, "PCN") and not refs.is_valid(ref)
    with pytest.raises(refs.InvalidReference):
        refs.generate("toolongprefix")


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=2**64), st.integers(min_value=0, max_value=8), st.data())
def test_a_reference_one_typing_slip_away_is_found(seed, place, data):
    issued = refs.format_reference("ENQ", refs.new_body(random.Random(seed).getrandbits))
    body = _body_and_check(issued)
    assert refs.near_references(issued) == []  # a valid reference has no valid neighbour
    symbol = data.draw(st.sampled_from([s for s in refs.ALPHABET if s != body[place]]))
    slipped = body[:place] + symbol + body[place + 1:]
    assert issued in refs.near_references("ENQ" + slipped)
    if place < 8 and body[place] != body[place + 1]:
        swapped = body[:place] + body[place + 1] + body[place] + body[place + 2:]
        assert issued in refs.near_references("enq " + swapped.lower())
    assert refs.near_references("ENQ-12") == refs.near_references("not a reference") == []
