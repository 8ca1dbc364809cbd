"""What of a response may be published, by the respondent's consent: pure, no Flask, no database.

Every public output (the results page, the open-data CSV, the JSON) is built from `public_record`
alone, so there is one place that decides. Consent 'no': nothing of the response is published
(it still counts in the charts). 'anonymous': the answers, with every email address and phone
number in free text masked and the respondent's own name in it reduced to initials. 'named': the
same, with the name they gave (or their organisation's). Email address and postcode are never
published, whatever the consent.
"""
from __future__ import annotations

from ieg.evidence import masking
from ieg.participation import surveys

NAMED, ANONYMOUS, NOT_PUBLISHED = "named", "anonymous", "no"
CONSENTS = {
    NAMED: "Yes, with my name (or my organisation's)",
    ANONYMOUS: "Yes, without my name",
    NOT_PUBLISHED: "No, do not publish my response",
}
RESPONDENT_TYPES = {"resident": "A resident", "business": "A business", "organisation": "An organisation or group"}
ANONYMOUS_LABEL = "Anonymous"
# The only keys a public record has; a test checks every public format against it.
PUBLIC_FIELDS = ("number", "respondent", "respondent_type", "answers")


def publishable(consent: str) -> bool:
    return consent in (NAMED, ANONYMOUS)


def public_record(number: int, response: dict, questions: list[dict]) -> dict | None:
    """`response`: name, organisation, respondent_type, publish, answers (and anything else, which
    is ignored). None when the respondent did not consent to publication."""
    consent = response.get("publish")
    if not publishable(consent):
        return None
    name = (response.get("name") or "").strip()
    organisation = (response.get("organisation") or "").strip()
    kind = response.get("respondent_type") or ""
    if consent == NAMED:
        respondent = organisation if kind in ("business", "organisation") and organisation else name
    else:
        respondent = ""
    hide = tuple(n for n in (name, organisation) if n and n != respondent)
    answers = {}
    given = response.get("answers") or {}
    for q in questions:
        value = given.get(q["name"])
        if not value:
            continue
        if q["kind"] in surveys.CHOICE_KINDS:
            answers[q["label"]] = surveys.display(value)
        else:
            answers[q["label"]] = masking.text(value, hide)
    return {"number": number, "respondent": respondent or ANONYMOUS_LABEL,
            "respondent_type": RESPONDENT_TYPES.get(kind, "Not said"), "answers": answers}
