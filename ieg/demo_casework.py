"""Demo casework for the fictional Ashdown District Council: residents, and the enquiries
they made over the last eight weeks on every channel, handled through the same services
staff use (acknowledgements, replies, notes, first-contact resolution, a change of address,
a duplicate customer record waiting to be merged).

Deterministic for a given `now`; loaded once (it does nothing when enquiries exist).
Names are fictional, email addresses use example.com, phone numbers Ofcom's drama range.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.casework import customers, enquiries, forms, handling
from ieg.casework.enquiries import ContactDetails, Council
from ieg.models import Enquiry, OutboxMessage, User
from ieg.models.casework import CLOSED, RESOLVED
from ieg.models.mail import SENT

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Resident:
    name: str
    email: str | None
    phone: str | None
    address: str
    postcode: str


RESIDENTS = (
    Resident("Jo Bloggs", "jo.bloggs@example.com", "01632 960201", "12 Mill Lane\nAshdown", "AS1 1AA"),
    Resident("Sam Patel", "sam.patel@example.com", "01632 960202", "4 Church Street\nAshdown", "AS1 2BD"),
    Resident("Maria Nowak", "maria.nowak@example.com", None, "Flat 3, 18 Station Road\nAshdown", "AS2 4EF"),
    Resident("Tom Price", None, "01632 960204", "The Old Forge\nLower Ashdown", "AS3 7GH"),
    Resident("Aisha Khan", "aisha.khan@example.com", "01632 960205", "27 Beech Avenue\nAshdown", "AS2 5JK"),
    Resident("Gareth Jones", "g.jones@example.com", "01632 960206", "9 Orchard Close\nEastbury", "AS4 1LM"),
    Resident("Helen Wright", "helen.wright@example.com", None, "2 The Green\nAshdown", "AS1 3NP"),
    Resident("Olu Adeyemi", None, "01632 960208", "61 Meadow Way\nAshdown", "AS2 8QR"),
)
# Same person as Helen Wright, who once wrote from her work address: a record to merge.
DUPLICATE = Resident("Helen Wright", "h.wright@example.org", None, "2 The Green\nAshdown", "AS1 3NP")

# (days ago, local hour, channel, form slug or case type, resident index, subject, what happens)
#   what happens: "ack" acknowledged only; "reply" an officer replied; "resolved"/"closed";
#   "fcr" resolved at first contact; "note" an internal note; "late" nothing done yet.
STORY = (
    (55, 10, "web", "report-fly-tipping", 0, "Mattress and bags dumped by the recycling bank", "closed"),
    (52, 14, "phone", "general-enquiry", 3, "When is my garden waste collected?", "fcr"),
    (50, 9, "email", "email-enquiry", 1, "Missed recycling collection", "closed"),
    (47, 16, "web", "report-graffiti", 4, "Graffiti on the underpass wall", "resolved"),
    (45, 11, "face_to_face", "general-enquiry", 7, "Asked how to apply for a parking permit", "fcr"),
    (41, 13, "web", "bulky-waste-collection", 2, "Sofa and wardrobe to collect", "closed"),
    (38, 19, "email", "email-enquiry", 5, "Street light out on Orchard Close", "resolved"),
    (35, 10, "phone", "general-enquiry", 3, "Council tax direct debit date", "fcr"),
    (34, 12, "phone", "general-enquiry", 3, "Council tax direct debit date again", "reply"),
    (30, 15, "web", "parking-fine-appeal", 1, "Penalty charge on Station Road", "reply"),
    (28, 8, "letter", "complaint", 6, "Complaint about the state of the park toilets", "note"),
    (24, 11, "web", "report-abandoned-vehicle", 4, "Silver hatchback with no tax on Beech Avenue", "reply"),
    (21, 14, "phone", "general-enquiry", 7, "Asked about bin collections over Christmas", "fcr"),
    (17, 22, "email", "email-enquiry", 0, "Noise from the industrial estate at night", "note"),
    (14, 10, "web", "report-fly-tipping", 5, "Builders' rubble in the lay-by", "reply"),
    (10, 16, "face_to_face", "general-enquiry", 2, "Help filling in the housing register form", "fcr"),
    (7, 9, "web", "complaint", 4, "Bin crew left the lid open and rubbish everywhere", "late"),
    (5, 13, "email", "email-enquiry", 6, "Request for a new recycling box", "ack"),
    (3, 11, "web", "report-graffiti", 1, "Tags sprayed on the bus shelter", "ack"),
    (2, 15, "phone", "general-enquiry", 0, "Asked which bin the pizza boxes go in", "fcr"),
    (1, 10, "web", "bulky-waste-collection", 7, "Old fridge freezer", "ack"),
)

EMAIL_CASE_TYPE = ("email-enquiry", "Email enquiry", "", ("R27", "R28", "R29"))


def _working_moment(now: datetime, days_ago: int, hour: int) -> datetime:
    """`days_ago` days back at `hour` local time, moved off a weekend to the Friday."""
    day = (now.astimezone(LONDON) - timedelta(days=days_ago)).date()
    while day.weekday() >= 5 and hour < 18:
        day -= timedelta(days=1)
    return datetime.combine(day, time(hour, 7 * days_ago % 60), LONDON).astimezone(ZoneInfo("UTC"))


def _answers(definition: forms.FormDefinition, resident: Resident, subject: str) -> dict[str, str]:
    """Plausible answers for every question on the form."""
    answers = {}
    for f in definition.fields:
        if f.kind == "email":
            answers[f.name] = resident.email or ""
        elif f.kind == "phone":
            answers[f.name] = resident.phone or ""
        elif f.kind == "postcode":
            answers[f.name] = resident.postcode
        elif f.kind == "pcn":
            answers[f.name] = "AD12345678"
        elif f.kind == "radios" and f.options:
            answers[f.name] = f.options[0][0]
        elif f.kind in ("photo", "date"):
            continue
        elif f.name == "name":
            answers[f.name] = resident.name
        elif f.name == definition.location_field:
            answers[f.name] = resident.address.replace("\n", ", ")
        else:
            answers[f.name] = subject
    return answers


def _customer(session: Session, resident: Resident):
    return enquiries.find_or_create_customer(session, ContactDetails(
        name=resident.name, email=resident.email, phone=resident.phone, address=resident.address,
        postcode=resident.postcode))


def _mark_sent(session: Session, at: datetime) -> None:
    """Demo mail from the past went at the time: nothing old is sent again on first run."""
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.status != SENT,
                                                              OutboxMessage.created_at <= at)):
        message.status, message.sent_at, message.attempts = SENT, message.created_at + timedelta(minutes=1), 1


def load(session: Session, council: Council, now: datetime, domain: str) -> int:
    """Create the demo casework if there is none. Returns the number of enquiries made."""
    if session.scalar(select(func.count()).select_from(Enquiry)):
        return 0
    officer = session.scalar(select(User).where(User.email == f"officer@{domain}"))
    agent = session.scalar(select(User).where(User.email == f"contact.agent@{domain}"))
    chooser = random.Random(2026)
    made = 0
    for days_ago, hour, channel, slug, who, subject, outcome in STORY:
        resident = RESIDENTS[who]
        received = _working_moment(now, days_ago, hour)
        customer = _customer(session, resident)
        definition = forms.STANDARD_FORMS.get(slug)
        if definition is not None:
            kind = enquiries.case_type(session, definition.case_type, definition.case_type_name, definition.section,
                                       definition.outcome_refs)
        else:
            kind = enquiries.case_type(session, *EMAIL_CASE_TYPE)
        answers = _answers(definition, resident, subject) if definition and channel == "web" else None
        description = subject if not answers else forms.describe(definition, answers)[1]
        location = forms.describe(definition, answers)[2] if answers else ""
        item, _ = enquiries.open_enquiry(
            session, channel=channel, customer=customer, case_type=kind, subject=subject, description=description,
            location=location, answers=answers, received_at=received, now=received,
            actor=agent if channel in ("phone", "face_to_face", "letter") else None,
            resolved_at_first_contact=outcome == "fcr",
            email_message_id=f"<demo-{made}@mail.example.com>" if channel == "email" else None)
        made += 1
        acknowledged = received + timedelta(minutes=chooser.randint(1, 4))
        enquiries.acknowledge(session, item, council, acknowledged)
        if outcome in ("reply", "resolved", "closed"):
            replied = received + timedelta(hours=chooser.choice((2, 5, 20, 26)))
            handling.assign(session, item, officer, officer, received + timedelta(hours=1))
            if customer.email:
                handling.reply(session, item, officer, "Thank you for letting us know. Our team will visit "
                               "within five working days and we will tell you when it is done.", council, replied)
            else:
                handling.add_note(session, item, officer, "Rang the customer back and explained.", replied)
                handling.set_status(session, item, officer, "in_progress", replied)
            if outcome in ("resolved", "closed"):
                handling.set_status(session, item, officer, RESOLVED, replied + timedelta(days=3))
            if outcome == "closed":
                handling.set_status(session, item, officer, CLOSED, replied + timedelta(days=10))
        elif outcome == "note":
            handling.add_note(session, item, officer, "Passed to the service team to check on site.",
                              received + timedelta(hours=3))
        _mark_sent(session, now - timedelta(hours=1))

    # Helen wrote once from her work address; her two records are waiting to be merged.
    duplicate = _customer(session, DUPLICATE)
    kind = enquiries.case_type(session, *EMAIL_CASE_TYPE)
    item, _ = enquiries.open_enquiry(
        session, channel="email", customer=duplicate, case_type=kind, subject="Garden waste subscription",
        description="Can I add a second garden waste bin?", received_at=_working_moment(now, 12, 12),
        now=_working_moment(now, 12, 12), email_message_id="<demo-dup@mail.example.org>")
    enquiries.acknowledge(session, item, council, _working_moment(now, 12, 12) + timedelta(minutes=2))
    made += 1

    # Sam told us he moved (applied, with its list of records); Aisha's form waits for staff.
    for resident, days_ago, new, apply in ((RESIDENTS[1], 20, ("8 Willow Court\nAshdown", "AS2 6TU"), True),
                                           (RESIDENTS[4], 1, ("14 Kingfisher Drive\nEastbury", "AS4 3WX"), False)):
        received = _working_moment(now, days_ago, 14)
        moved_on = (received - timedelta(days=6)).date()
        form = forms.STANDARD_FORMS.get("tell-us-you-have-moved")
        kind = enquiries.case_type(session, customers.CHANGE_OF_ADDRESS, "Change of address", "council-tax",
                                   ("G25", "R27", "R28"))
        answers = {"name": resident.name, "email": resident.email or "", "phone": resident.phone or "",
                   "old_address": resident.address, "old_postcode": resident.postcode, "new_address": new[0],
                   "new_postcode": new[1], "moved_on": moved_on.isoformat()}
        item, _ = enquiries.open_enquiry(
            session, channel="web", customer=_customer(session, resident), case_type=kind,
            subject=form.title if form else "Tell us you have moved", received_at=received, now=received,
            description=f"Moved on {moved_on:%d %B %Y} to {new[0]}, {new[1]}", answers=answers)
        enquiries.acknowledge(session, item, council, received + timedelta(minutes=2))
        made += 1
        if apply:
            customers.apply_moving_form(session, item, agent, received + timedelta(hours=4))
    _mark_sent(session, now - timedelta(hours=1))
    session.flush()
    return made

