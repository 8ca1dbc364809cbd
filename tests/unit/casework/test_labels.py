"""How casework values read: one label per status and channel, an address with its
postcode on a line of its own, and a form's answers described without doubled punctuation."""
from __future__ import annotations

from ieg.casework import eform_definitions
from ieg.casework import labels
from ieg.models.casework import CHANNELS, STATUSES


def test_every_status_and_channel_has_one_label():
    assert [labels.status(s) for s in STATUSES] == ["Open", "In progress", "Waiting for the customer",
                                                     "Resolved", "Closed"]
    assert len({labels.channel(c) for c in CHANNELS}) == len(CHANNELS)
    from ieg.casework import enquiries, handling
    assert enquiries.STATUS_LABELS is labels.STATUS_LABELS  # what the customer tracking it reads
    assert dict(handling.STATUS_CHOICES) == labels.STATUS_LABELS  # what staff choose from


def test_a_timeline_entry_reads_as_words():
    assert labels.event("reply_out") == "Reply to the customer" and labels.event("status") == "Status changed"
    assert labels.event("something_new") == "Something new"


def test_the_postcode_is_a_line_of_its_own():
    assert labels.address_lines("12 Mill Lane\r\nAshdown\n\n", " AS1 1AA ") == ["12 Mill Lane", "Ashdown", "AS1 1AA"]
    assert labels.address_lines("", "AS1 1AA") == ["AS1 1AA"]
    assert labels.address_lines("12 Mill Lane", None) == ["12 Mill Lane"]
    assert labels.address_lines(None, "") == []
    assert labels.one_line_address("12 Mill Lane,\nAshdown", "AS1 1AA") == "12 Mill Lane, Ashdown, AS1 1AA"


def test_a_question_ending_in_its_own_punctuation_gets_no_colon():
    fly_tipping = eform_definitions.STANDARD_FORMS["report-fly-tipping"]
    _, description, _ = eform_definitions.describe(fly_tipping, {"location": "Lay-by on Mill Lane",
                                                     "what": "A mattress and 6 black bags"})
    assert description == "What has been dumped? A mattress and 6 black bags\n\nWhere is it? Lay-by on Mill Lane"
    assert eform_definitions._as_heading("Registration number") == "Registration number:"
    assert eform_definitions._as_heading("Notes:") == "Notes:"
