"""Enquiry reference numbers (R28): public, unique, not guessable, readable over the phone.

Format `PREFIX-XXXX-XXXX-C` (docs/design.md 3.4): eight symbols from a cryptographically secure
source in Crockford base32 (no I, L, O, U), then a check symbol by Luhn mod 32.

Luhn mod N catches every single-symbol error, and every swap of neighbouring symbols but
one: the pair with values 0 and N-1 ("0" and "Z" here) gives the same sum both ways round.
The design promises every adjacent swap is caught, so references are never issued with a
"0" next to a "Z" (check symbol included): then no swap of neighbours in an issued
reference can pass the check. That costs about 3% of the space (2^40 stays ~1.1 x 10^12).

Pure: no Flask, no database.
"""
from __future__ import annotations

import re
import secrets
from typing import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
BASE = len(ALPHABET)
assert BASE == 32  # new_body takes 5 bits a symbol
VALUE = {symbol: n for n, symbol in enumerate(ALPHABET)}
BODY_LENGTH = 8
DEFAULT_PREFIX = "ENQ"
_PREFIX = re.compile(r"^[A-Z]{2,6}$")
# Crockford's reading of what people type or say: O is zero, I and L are one.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidReference(ValueError):
    pass


def check_symbol(body: str) -> str:
    """Luhn mod 32 over the body's symbols."""
    total, double = 0, True  # the rightmost body symbol is doubled (the check symbol would not be)
    for symbol in reversed(body):
        value = VALUE[symbol]
        if double:
            value *= 2
            value = value // BASE + value % BASE
        total += value
        double = not double
    return ALPHABET[(BASE - total % BASE) % BASE]


def _swap_blind(symbols: str) -> bool:
    """True if two neighbours are 0 and Z, the one pair Luhn mod 32 cannot tell swapped."""
    return "0Z" in symbols or "Z0" in symbols


def new_body(randbits: Callable[[int], int] = secrets.randbits) -> str:
    """Eight random symbols plus the check symbol, never with 0 and Z side by side. The
    symbols are 5 bits each of one 40-bit draw (the base is 32): one call to the secure
    source, not one per symbol."""
    while True:
        bits = randbits(5 * BODY_LENGTH)
        body = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(0, 5 * BODY_LENGTH, 5))
        full = body + check_symbol(body)
        if not _swap_blind(full):
            return full


def format_reference(prefix: str, body_and_check: str) -> str:
    if not _PREFIX.match(prefix):
        raise InvalidReference("A reference prefix is 2 to 6 capital letters")
    b = body_and_check
    return f"{prefix}-{b[0:4]}-{b[4:8]}-{b[8]}"


def generate(prefix: str = DEFAULT_PREFIX, randbits: Callable[[int], int] = secrets.randbits) -> str:
    return format_reference(prefix, new_body(randbits))


def compact(text: str, prefix: str = DEFAULT_PREFIX) -> str:
    """The symbols after the prefix as typed or read out: any case, no spaces, hyphens or
    dots, O read as 0 and I or L as 1 (not yet checked)."""
    symbols = re.sub(r"[\s\-_.]+", "", (text or "").upper())
    if symbols.startswith(prefix):
        symbols = symbols[len(prefix):]
    return symbols.translate(_CONFUSABLE)


def normalise(text: str, prefix: str = DEFAULT_PREFIX) -> str:
    """What someone typed or read out, as the canonical reference: any case, spaces or
    hyphens anywhere, O for 0, I or L for 1, with or without the prefix.
    Raises InvalidReference with a message for the person if it cannot be one."""
    symbols = compact(text, prefix)
    if len(symbols) != BODY_LENGTH + 1:
        raise InvalidReference(f"A reference has {BODY_LENGTH + 1} letters and numbers after {prefix}, "
                               f"like {prefix}-7K2M-9QX4-H")
    bad = sorted({c for c in symbols if c not in VALUE})
    if bad:
        raise InvalidReference(f"A reference cannot contain {', '.join(bad)}")
    if check_symbol(symbols[:BODY_LENGTH]) != symbols[BODY_LENGTH]:
        raise InvalidReference("That reference is not right: check each letter and number")
    return format_reference(prefix, symbols)


def is_valid(text: str, prefix: str = DEFAULT_PREFIX) -> bool:
    try:
        normalise(text, prefix)
    except InvalidReference:
        return False
    return True


def near_references(text: str, prefix: str = DEFAULT_PREFIX) -> list[str]:
    """Every valid reference one typing slip away from `text` (one symbol wrong, or two
    neighbours swapped) when `text` itself fails the check: the slips the check symbol
    catches, turned into the few references the person probably meant."""
    typed = compact(text, prefix)
    size = BODY_LENGTH + 1
    if len(typed) != size or any(ch not in VALUE for ch in typed):
        return []
    variants = set()
    for i in range(size):
        for symbol in ALPHABET:
            variants.add(typed[:i] + symbol + typed[i + 1:])
        if i < size - 1:
            variants.add(typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:])
    return sorted(format_reference(prefix, v) for v in variants
                  if v != typed and check_symbol(v[:-1]) == v[-1])
