"""Demo casework for the fictional Ashdown District Council: residents, and the enquiries
they made on every channel, handled through the same services staff use (acknowledgements,
replies, notes, first-contact resolution, a change of address, a duplicate customer record
waiting to be merged).

Two parts: the story of the last eight weeks (STORY: a few enquiries each with a point to
make), and a year of enquiries across the services (`_load_year`) for the standards' reports
(R29, R28): arrivals at weekends, in the evening, on and before every bank holiday, over
Christmas and New Year and both clock changes; most answered in time, some late with the
reason given, a few excluded with a reason code, replies by email and logged phone calls.

Deterministic for a given `now`; loaded once (it does nothing when enquiries exist).
Names are fictional, email addresses use example.com, phone numbers Ofcom's drama range,
postcodes the made-up AS area.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.casework import customers, deadlines, enquiries, eform_definitions, handling, standards
from ieg.casework.enquiries import ContactDetails
from ieg.demo.history import LONDON, History, launched_at, local as _local
from ieg.config import Council
from ieg.mail import outbox
from ieg.models import CaseType, Enquiry, OutboxMessage, Section, StandardsVersion, User
from ieg.models.casework import CLOSED, IN_PROGRESS, RESOLVED
from ieg.models.mail import SENT
from ieg.workingtime import Calendar



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


def _answers(definition: eform_definitions.FormDefinition, resident: Resident, subject: str) -> dict[str, str]:
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


def _customer(session: Session, resident: Resident, at: datetime):
    """The resident's record; made now, it is dated from this, their first contact."""
    customer = enquiries.find_or_create_customer(session, ContactDetails(
        name=resident.name, email=resident.email, phone=resident.phone, address=resident.address,
        postcode=resident.postcode))
    if customer.created_at > at:
        customer.created_at = customer.updated_at = at
        for address in customer.addresses:
            address.recorded_at = at
    return customer


def _mark_sent(session: Session, at: datetime) -> None:
    """Demo mail from the past went at the time: nothing old is sent again on first run."""
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.status != SENT,
                                                              OutboxMessage.created_at <= at)).all():
        message.attempts = 1
        outbox.mark_sent(session, message, message.created_at + timedelta(minutes=1))


def _deadlines(session: Session, item: Enquiry, zone: str, version=None) -> None:
    """The standards' deadlines, for an enquiry opened where open_enquiry does not set them;
    one resolved at the first contact was answered there and then (its response)."""
    if item.response_due_at is None:
        standards.apply(item, version or standards.current(session), zone)
    if item.resolved_at_first_contact and item.first_response_at is None:
        standards.record_response(item, item.received_at, "phone" if item.channel == "phone" else "face_to_face")


def _reply(session: Session, item: Enquiry, actor, text: str, council: Council, at: datetime,
           awaiting_customer: bool = False) -> None:
    """An emailed reply, sent a minute later (the demo's mail from the past went at the
    time): once sent, it is the response the standard measures, from when it was written."""
    event = handling.reply(session, item, actor, text, council, at, awaiting_customer=awaiting_customer)
    event.outbox_message.attempts = 1
    outbox.mark_sent(session, event.outbox_message, at + timedelta(minutes=1))


def _finish(session: Session, item: Enquiry, actor, status: str, at: datetime, reason: str) -> None:
    """Resolve or close, giving the reason first when a standard was missed (a breach cannot
    be closed without one)."""
    if not item.breach_reason and (deadlines.response_breached(item, at) or deadlines.resolution_breached(item, at)):
        standards.set_breach_reason(session, item, actor, reason, at)
    handling.set_status(session, item, actor, status, at)


def load(session: Session, council: Council, now: datetime, domain: str, history=None) -> int:
    """Create the demo casework if there is none. Returns the number of enquiries made.
    Every step is dated as it happened: given the demo's `history` (ieg.demo.history.History), the
    steps take their turn in it; without one, they run here, in time order."""

    if session.scalar(select(func.count()).select_from(Enquiry)):
        return 0
    own = history is None
    history = history or History()
    _standards_from(session, launched_at(now))
    officer = session.scalar(select(User).where(User.email == f"officer@{domain}"))
    agent = session.scalar(select(User).where(User.email == f"contact.agent@{domain}"))
    kinds = _case_types(session)
    for number, told in enumerate(STORY):
        history.add(_story(session, council, now, officer, agent, number, *told))
    history.add(_duplicate(session, council, now))
    # Sam told us he moved (applied, with its list of records); Aisha's form waits for staff.
    for resident, days_ago, new, apply in ((RESIDENTS[1], 20, ("8 Willow Court\nAshdown", "AS2 6TU"), True),
                                           (RESIDENTS[4], 1, ("14 Kingfisher Drive\nEastbury", "AS4 3WX"), False)):
        history.add(_moving(session, council, agent, _working_moment(now, days_ago, 14), resident, new, apply))
    made = len(STORY) + 3 + _load_year(session, council, now, officer, agent, kinds, history)
    history.once(now - timedelta(hours=1), lambda: _mark_sent(session, now - timedelta(hours=1)))
    if own:
        history.run()
        session.flush()
    return made


def _standards_from(session: Session, launched: datetime) -> None:
    """The standards in force from when the demo council went live. A new install has one
    version, the defaults, made by the migration when it ran (today); the demo's enquiries
    go back a year, so that version is dated from the launch, before the first of them.
    Only while it is the sole version and no enquiry uses it: a real change stays a new version."""
    versions = session.scalars(select(StandardsVersion).limit(2)).all()
    if len(versions) == 1 and versions[0].created_by_id is None and versions[0].created_at > launched:
        versions[0].created_at = launched
        session.flush()


def _story(session: Session, council: Council, now: datetime, officer: User, agent: User, number: int,
           days_ago: int, hour: int, channel: str, slug: str, who: int, subject: str, outcome: str):
    """One enquiry of the last eight weeks, with the point it makes (STORY)."""
    chooser = random.Random(2026 * 100 + number)
    zone = council.timezone
    resident = RESIDENTS[who]
    received = _working_moment(now, days_ago, hour)
    yield received
    customer = _customer(session, resident, received)
    definition = eform_definitions.STANDARD_FORMS.get(slug)
    if definition is not None:
        kind = enquiries.case_type(session, definition.case_type, definition.case_type_name, definition.section,
                                   definition.outcome_refs)
    else:
        kind = enquiries.case_type(session, *EMAIL_CASE_TYPE)
    answers = _answers(definition, resident, subject) if definition and channel == "web" else None
    description = subject if not answers else eform_definitions.describe(definition, answers)[1]
    location = eform_definitions.describe(definition, answers)[2] if answers else ""
    item, _ = enquiries.open_enquiry(
        session, channel=channel, customer=customer, case_type=kind, subject=subject, description=description,
        location=location, answers=answers, received_at=received, now=received,
        actor=agent if channel in ("phone", "face_to_face", "letter") else None,
        resolved_at_first_contact=outcome == "fcr",
        email_message_id=f"<demo-{number}@mail.example.com>" if channel == "email" else None)
    _deadlines(session, item, zone)
    yield from _acknowledged(session, council, item, received + timedelta(minutes=chooser.randint(1, 4)))
    if outcome in ("reply", "resolved", "closed"):
        replied = received + timedelta(hours=chooser.choice((2, 5, 20, 26)))
        yield received + timedelta(hours=1)
        handling.assign(session, item, officer, officer, received + timedelta(hours=1))
        yield replied
        if customer.email:
            _reply(session, item, officer, "Thank you for letting us know. Our team will visit within five "
                   "working days and we will tell you when it is done.", council, replied)
        else:
            handling.log_reply(session, item, officer, "phone", "Rang the customer back and explained.",
                               replied, replied, zone)
        for status, after in ((RESOLVED, 3), (CLOSED, 10)):
            if outcome == "closed" or (outcome == "resolved" and status == RESOLVED):
                yield replied + timedelta(days=after)
                _finish(session, item, officer, status, replied + timedelta(days=after),
                        BREACH_REASONS[(number + 1) % 3])
    elif outcome == "note":
        yield received + timedelta(hours=3)
        handling.add_note(session, item, officer, "Passed to the service team to check on site.",
                          received + timedelta(hours=3))


def _acknowledged(session: Session, council: Council, item: Enquiry, at: datetime):
    """The acknowledgement, sent a minute after it was queued (demo mail from the past went at
    the time: nothing old is sent again on first run)."""
    yield at
    enquiries.acknowledge(session, item, council, at)
    _mark_sent(session, at)


def _duplicate(session: Session, council: Council, now: datetime):
    """Helen wrote once from her work address; her two records are waiting to be merged."""
    received = _working_moment(now, 12, 12)
    yield received
    kind = enquiries.case_type(session, *EMAIL_CASE_TYPE)
    item, _ = enquiries.open_enquiry(
        session, channel="email", customer=_customer(session, DUPLICATE, received), case_type=kind,
        subject="Garden waste subscription", description="Can I add a second garden waste bin?",
        received_at=received, now=received, email_message_id="<demo-dup@mail.example.org>")
    _deadlines(session, item, council.timezone)
    yield from _acknowledged(session, council, item, received + timedelta(minutes=2))


def _moving(session: Session, council: Council, agent: User, received: datetime, resident: Resident,
            new: tuple[str, str], apply: bool):
    """A "tell us you have moved" form; applied by customer services when `apply`."""
    yield received
    moved_on = (received - timedelta(days=6)).date()
    form = eform_definitions.STANDARD_FORMS.get("tell-us-you-have-moved")
    kind = enquiries.case_type(session, customers.CHANGE_OF_ADDRESS, "Change of address", "council-tax",
                               ("G25", "R27", "R28"))
    answers = {"name": resident.name, "email": resident.email or "", "phone": resident.phone or "",
               "old_address": resident.address, "old_postcode": resident.postcode, "new_address": new[0],
               "new_postcode": new[1], "moved_on": moved_on.isoformat()}
    item, _ = enquiries.open_enquiry(
        session, channel="web", customer=_customer(session, resident, received), case_type=kind,
        subject=form.title if form else "Tell us you have moved", received_at=received, now=received,
        description=f"Moved on {moved_on:%d %B %Y} to {new[0]}, {new[1]}", answers=answers)
    _deadlines(session, item, council.timezone)
    yield from _acknowledged(session, council, item, received + timedelta(minutes=2))
    if apply:
        applied = received + timedelta(hours=4)
        yield applied
        customers.apply_moving_form(session, item, agent, applied, council)
        item.customer.updated_at = applied  # the record changed then, not when the demo was loaded
        session.flush()


# A year of enquiries ----------------------------------------------------------------------

YEAR_SEED = 2025
YEAR_SIZE = 320  # with the story, about 350 enquiries over twelve months


@dataclass(frozen=True)
class Topic:
    section: str          # the service whose queue deals with it
    case_type: str        # a case type slug; a web form's, when `form` is set
    name: str
    resolution_days: int  # working days
    weight: int
    subjects: tuple[str, ...]
    form: str = ""        # the e-form residents use for it on the web


TOPICS = (
    Topic("waste-and-recycling", "missed-collection", "Missed bin collection", 5, 9,
          ("Grey bin not emptied", "Recycling missed again", "Garden waste bin missed", "Food caddy left full")),
    Topic("waste-and-recycling", "fly-tipping", "Fly-tipping report", 10, 4,
          ("Black bags dumped in the lane", "Fridge left by the garages", "Tyres in the lay-by"),
          "report-fly-tipping"),
    Topic("waste-and-recycling", "bulky-waste", "Bulky waste collection request", 10, 3,
          ("Sofa and armchair", "Washing machine", "Old mattress and bed frame"), "bulky-waste-collection"),
    Topic("council-tax", "council-tax-question", "Council tax question", 10, 8,
          ("Single person discount", "Final bill after moving out", "Change my direct debit date",
           "Why has my bill gone up?", "Student exemption")),
    Topic("benefits", "benefits-question", "Benefits question", 10, 4,
          ("Housing benefit claim: any news?", "Council tax reduction form", "My income has changed")),
    Topic("housing", "housing-question", "Housing question", 10, 4,
          ("Housing register banding", "Damp and mould in my rented flat", "We have to leave our home next month")),
    Topic("planning", "planning-question", "Planning question", 15, 3,
          ("Do I need permission for a fence?", "Neighbour's extension", "Tree preservation order")),
    Topic("parking", "pcn-challenge", "Penalty charge notice challenge", 15, 3,
          ("Ticket while loading", "Permit was on display"), "parking-fine-appeal"),
    Topic("parking", "parking-permit", "Parking permit", 5, 2, ("Resident permit renewal", "Visitor permits")),
    Topic("roads-and-transport", "street-light", "Street light fault", 10, 3,
          ("Street light out", "Light on all day", "Flickering light by the school")),
    Topic("roads-and-transport", "graffiti", "Graffiti report", 5, 2,
          ("Underpass by the station", "Wall of the community centre"), "report-graffiti"),
    Topic("environmental-health", "noise-complaint", "Noise complaint", 10, 3,
          ("Barking dog next door", "Loud music at night", "House alarm ringing for hours")),
    Topic("environmental-health", "food-hygiene", "Food hygiene concern", 10, 1, ("Takeaway kitchen looked dirty",)),
    Topic("libraries", "library-question", "Library question", 5, 2, ("Renewing my books", "Lost library card")),
    Topic("leisure-and-culture", "leisure-question", "Leisure question", 5, 2,
          ("Swimming lesson places", "Booking the park pavilion")),
    Topic("about-the-council", "complaint", "Complaint", 10, 2,
          ("Rude reply on the phone", "Nobody called me back"), "complaint"),
    Topic("about-the-council", "general-enquiry", "General enquiry", 10, 3,
          ("Opening hours over the holidays", "Who is my councillor?", "How do I pay for a wedding venue?"),
          "general-enquiry"),
)

BREACH_REASONS = (
    "The officer was on leave and the queue was not covered that day.",
    "It went to the wrong service first and reached us the next afternoon.",
    "We needed information from Westshire County Council before we could answer.",
    "A very busy week after the change to collection days.",
    "The enquiries mailbox was not read on the morning of a systems outage.",
    "Two of the team were off sick.",
)

# Excluded from the standards, each with its reason code (docs/design.md 3.5): (reason, sender,
# subject, note). A duplicate is a resident's message sent twice, made from the one before.
SPAMMER = Resident("Web Growth Team", "growth.offers@example.com", None, "", "")
OUT_OF_OFFICE = Resident("Lee Marsh", "lee.marsh@example.com", None, "", "")
EXCLUSIONS = (
    ("spam", SPAMMER, "Grow your website traffic fast", "Advertising sent to the enquiries mailbox."),
    ("misdirected", None, "Pothole on the A-road by the school", "A county road: passed to Westshire County Council."),
    ("auto_reply", OUT_OF_OFFICE, "Automatic reply: out of the office until Monday",
     "An out-of-office reply without the headers that mark mail as automatic."),
    ("duplicate", None, "", "The same message sent twice a few minutes apart."),
)
EXCLUSION_NOTES = {reason: note for reason, _, _, note in EXCLUSIONS}

_FIRST = ("Amelia", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran", "Leah",
          "Malik", "Nia", "Owen", "Priya", "Rhys", "Ruby", "Sean", "Tara", "Uma", "Victor", "Wei", "Yasmin", "Zac")
_LAST = ("Ashworth", "Barker", "Cole", "Dhillon", "Evans", "Fletcher", "Greenway", "Hughes", "Iqbal", "Jenkins",
         "Kowalski", "Lewis", "Morgan", "Nash", "Okafor", "Parry", "Quinn", "Reid", "Shah", "Turner")
_STREETS = ("Mill Lane", "Church Street", "Station Road", "Beech Avenue", "Orchard Close", "Meadow Way",
            "High Street", "Chapel Row", "Fox Hill", "Brook End", "Willow Court", "Kingfisher Drive")
_PLACES = ("Ashdown", "Ashdown", "Eastbury", "Lower Ashdown")
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters postcodes use in their last part


def _year_residents() -> tuple[Resident, ...]:
    """Sixty residents of the district (one in five with no email address: they phone or write)."""
    people = []
    for i in range(60):
        first, last = _FIRST[i % len(_FIRST)], _LAST[i * 7 % len(_LAST)]
        letters = _POSTCODE_LETTERS[i % 20] + _POSTCODE_LETTERS[i * 3 % 20]
        people.append(Resident(
            f"{first} {last}", None if i % 5 == 4 else f"{first}.{last}@example.com".lower(),
            f"01632 960{300 + i}", f"{1 + i * 3 % 90} {_STREETS[i % len(_STREETS)]}\n{_PLACES[i % 4]}",
            f"AS{1 + i % 4} {1 + i % 9}{letters}"))
    return tuple(people)


@dataclass(frozen=True)
class Arrival:
    received: datetime
    channel: str
    topic: Topic
    resident: Resident
    subject: str
    fate: str  # in_time, late, fcr, or an exclusion reason
    number: int = 0


def _last_sunday(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _special_moments(calendar: Calendar, start: datetime, end: datetime) -> list[datetime]:
    """Arrivals the standards have to get right, wherever they fall in the year: on every bank
    holiday and the working afternoon before it (the deadline runs over it), over Christmas
    and New Year, and around both clock changes (the October hour 01:00-02:00 happens twice:
    one arrival in each)."""
    moments = []
    for year in range(start.year, end.year + 1):
        for holiday in sorted(calendar.bank_holidays(year)):
            before = holiday - timedelta(days=1)
            while not calendar.is_working_day(before):
                before -= timedelta(days=1)
            moments += [_local(holiday, 10, 30), _local(before, 15, 40)]
        moments += [_local(date(year, 12, 24), 14, 20), _local(date(year, 12, 27), 11, 5),
                    _local(date(year, 12, 31), 16, 50), _local(date(year, 12, 31), 23, 55)]
        for month in (3, 10):
            sunday = _last_sunday(year, month)
            change = datetime.combine(sunday, time(1), timezone.utc)  # the clocks change at 01:00 UTC
            moments += [_local(sunday - timedelta(days=2), 14), change - timedelta(minutes=30),
                        change + timedelta(minutes=30), _local(sunday + timedelta(days=1), 8, 45)]
    return sorted({moment for moment in moments if start <= moment <= end})


def _ordinary_moment(rng: random.Random, start: datetime, share: float, calendar: Calendar) -> datetime:
    """A day about `share` of the way through the year (so every month has its share); mostly
    in office hours, some in the evening or early morning, fewer at weekends."""
    day = (start + timedelta(days=1 + 364 * share)).astimezone(LONDON).date()
    if day.weekday() >= 5 and rng.random() < 0.6:
        day -= timedelta(days=day.weekday() - 4)  # most weekend arrivals wait for Friday instead
    if calendar.is_working_day(day) and rng.random() < 0.8:
        return _local(day, rng.randint(9, 16), rng.randrange(60))
    return _local(day, rng.choice((6, 7, 8, 17, 18, 19, 20, 21, 22)), rng.randrange(60))


def _plan_year(now: datetime, calendar: Calendar) -> list[Arrival]:
    """Who wrote, phoned or called in, when, about what, and how it went: decided here, from
    a fixed seed, so the same `now` gives the same year."""
    rng = random.Random(YEAR_SEED)
    residents = _year_residents()
    start, end = now - timedelta(days=365), now - timedelta(hours=3)
    special = _special_moments(calendar, start, end)
    ordinary = YEAR_SIZE - len(special) - len(EXCLUSIONS) * 3
    moments = sorted(special + [_ordinary_moment(rng, start, (n + rng.random()) / ordinary, calendar)
                                for n in range(ordinary)])
    arrivals = []
    for received in moments:
        received = min(received, end)
        open_ = calendar.is_working_time(received)  # phone and counter only while the offices are open
        topic = rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]
        channel = rng.choices(("email", "web", "phone", "face_to_face", "letter"),
                              weights=(40, 25, 20, 7, 8) if open_ else (60, 40, 0, 0, 0))[0]
        if channel == "web" and not topic.form:
            channel = "email"
        resident = rng.choice(residents)
        if channel in ("email", "web") and not resident.email:
            if open_:
                channel = "phone"  # no email address: they ring instead
            else:
                resident = rng.choice([r for r in residents if r.email])
        fate = "late" if rng.random() < 0.13 else "in_time"
        if channel in ("phone", "face_to_face") and rng.random() < 0.5:
            fate = "fcr"
        arrivals.append(Arrival(received, channel, topic, resident, rng.choice(topic.subjects), fate))
    # Three of each exclusion, spread over the year, each beside a real email.
    emails = [a for a in arrivals if a.channel == "email" and a.resident.email]
    for n, (reason, sender, subject, _) in enumerate(EXCLUSIONS * 3):
        base = emails[(n * 37 + 11) % len(emails)]
        arrivals.append(Arrival(base.received + timedelta(minutes=9), "email", base.topic, sender or base.resident,
                                subject or base.subject, reason))
    arrivals.sort(key=lambda a: a.received)
    # First-contact resolution only where the resident did not come back about the same thing
    # within a fortnight, so the demo's E19 figure (the story's one follow-up) stays exact.
    seen: dict[tuple, list[datetime]] = {}
    for a in arrivals:
        seen.setdefault((a.resident, a.topic.case_type), []).append(a.received)
    return [replace(a, number=i, fate="in_time" if a.fate == "fcr" and any(
        other != a.received and abs(other - a.received) < timedelta(days=14)
        for other in seen[(a.resident, a.topic.case_type)]) else a.fate) for i, a in enumerate(arrivals)]


def _case_types(session: Session) -> dict[Topic, CaseType]:
    """The case type of each topic (a web form's own, when it has one), with its resolution
    target, made before any enquiry so every deadline is computed with it."""
    kinds = {}
    for topic in TOPICS:
        form = eform_definitions.STANDARD_FORMS.get(topic.form)
        kinds[topic] = (enquiries.case_type(session, form.case_type, form.case_type_name, form.section,
                                            form.outcome_refs) if form else
                        enquiries.case_type(session, topic.case_type, topic.name, topic.section, ("R27", "R28")))
        kinds[topic].resolution_days = topic.resolution_days
    return kinds


@dataclass
class _Office:
    """Who handles the year's enquiries, by which calendar, and up to when."""
    session: Session
    council: Council
    calendar: Calendar
    officer: User  # the waste and recycling officer; the contact agent answers for every other service
    agent: User
    cutoff: datetime
    sections: dict[str, Section]
    version: object  # the standards in force
    kinds: dict
    email_kind: CaseType
    references: dict[str, str] = field(default_factory=dict)  # each resident's latest enquiry counted


def _load_year(session: Session, council: Council, now: datetime, officer: User, agent: User,
               kinds: dict[Topic, CaseType], history) -> int:
    """Open and handle the year's enquiries through the services staff use, each action at
    its own time, none later than two hours before `now` (so the latest are still waiting
    for an answer or a resolution, and all their mail went before the demo was loaded)."""
    version = standards.current(session)
    office = _Office(session, council, standards.calendar_for(version, council.timezone), officer, agent,
                     now - timedelta(hours=2), {s.slug: s for s in session.scalars(select(Section))}, version,
                     kinds, enquiries.case_type(session, *EMAIL_CASE_TYPE))
    plan = _plan_year(now, office.calendar)
    for a in plan:
        history.add(_arrival(office, a))
    return len(plan)


def _arrival(office: _Office, a: Arrival):
    """One of the year's enquiries: received, acknowledged, then worked on. Its own random
    numbers (seeded by its place in the plan), so how it goes never depends on what else
    happened in between."""
    session, council, rng = office.session, office.council, random.Random(f"{YEAR_SEED + 1}-{a.number}")
    opened = a.received + timedelta(minutes=1 if a.channel == "email" else 0)
    yield opened
    form = eform_definitions.STANDARD_FORMS.get(a.topic.form) if a.channel == "web" else None
    answers = _answers(form, a.resident, a.subject) if form else None
    item, _ = enquiries.open_enquiry(
        session, channel=a.channel, customer=_customer(session, a.resident, a.received), subject=a.subject,
        case_type=office.email_kind if a.channel == "email" else office.kinds[a.topic],
        description=eform_definitions.describe(form, answers)[1] if form else a.subject,
        location=eform_definitions.describe(form, answers)[2] if form else "", answers=answers, received_at=a.received,
        now=opened, actor=office.agent if a.channel in ("phone", "face_to_face", "letter") else None,
        resolved_at_first_contact=a.fate == "fcr",
        email_message_id=f"<demo-year-{a.number}@mail.example.com>" if a.channel == "email" else None)
    _deadlines(session, item, council.timezone, office.version)
    previous = office.references.get(a.resident.email or "")
    if a.resident.email and a.fate not in EXCLUSION_NOTES:
        office.references[a.resident.email] = item.reference
    # The acknowledgement goes within minutes; now and then the mail server was slow.
    late_ack = rng.random() < 0.03
    acknowledged = a.received + timedelta(minutes=rng.randint(20, 50) if late_ack else rng.randint(1, 4))
    yield from _acknowledged(session, council, item, max(acknowledged, opened))
    if a.fate != "fcr":
        yield from _work_on(office, item, a, previous, rng, max(acknowledged, opened))


def _work_on(office: _Office, item: Enquiry, a: Arrival, previous: str | None, rng: random.Random,
             acknowledged: datetime):
    """Triage at the next opening, then the first response (in time or late, with the reason),
    a pause while the customer is asked for more, the resolution and perhaps the closing."""
    session, calendar, day = office.session, office.calendar, office.calendar.working_day_length
    agent = office.agent
    actor = office.officer if a.topic.section == "waste-and-recycling" else agent
    triaged = max(calendar.next_opening(a.received) + timedelta(minutes=rng.randint(5, 40)),
                  acknowledged + timedelta(minutes=1))
    if triaged > office.cutoff:
        return
    yield triaged
    if a.fate in EXCLUSION_NOTES:
        note = EXCLUSION_NOTES[a.fate]
        if a.fate == "duplicate" and previous:
            note = f"The same message as {previous}, sent twice a few minutes apart."
        standards.exclude(session, item, agent, a.fate, note, triaged)
        handling.set_status(session, item, agent, CLOSED, triaged)
        return
    if a.channel == "email":  # the general mailbox: customer services put it in the service's queue
        handling.move_to_queue(session, item, agent, office.sections[a.topic.section], triaged)
    if actor is office.officer:
        handling.assign(session, item, agent, actor, triaged)
    share = rng.uniform(0.05, 0.95) if a.fate == "in_time" else rng.uniform(1.05, 2.5)
    answered = max(calendar.add_working_time(a.received, timedelta(minutes=int(day.total_seconds() / 60 * share))),
                   triaged + timedelta(minutes=5))
    if answered > office.cutoff:
        return
    awaiting = rng.random() < 0.15
    by_email = item.customer.email and (a.channel in ("email", "web") or rng.random() < 0.3)
    breach_reason = rng.choice(BREACH_REASONS)
    yield answered
    if by_email:
        text = ("Thank you. Before we can help, please tell us your address and when this started." if awaiting else
                f"Thank you for contacting us. We have looked into this and will deal with it within "
                f"{a.topic.resolution_days} working days; we will tell you when it is done.")
        _reply(session, item, actor, text, office.council, answered, awaiting_customer=awaiting)
    else:
        how = "letter" if a.channel == "letter" else "phone"
        handling.log_reply(session, item, actor, how, "Wrote back with the answer." if how == "letter" else
                           "Explained what happens next and when.", answered, answered, office.council.timezone,
                           awaiting_customer=awaiting)
    if deadlines.response_breached(item, answered):
        standards.set_breach_reason(session, item, actor, breach_reason, answered)
    last = answered
    if awaiting:
        last = calendar.add_working_time(answered, timedelta(hours=rng.randint(2, 24)))
        if last > office.cutoff:
            return
        yield last
        handling.set_status(session, item, actor, IN_PROGRESS, last)  # the customer answered: the clock restarts
    share = rng.uniform(0.2, 0.95) if rng.random() < 0.88 else rng.uniform(1.05, 1.5)
    resolved = max(calendar.add_working_time(a.received, a.topic.resolution_days * day * share),
                   last + timedelta(hours=1))
    if resolved > office.cutoff:
        return
    yield resolved
    _finish(session, item, actor, RESOLVED, resolved, rng.choice(BREACH_REASONS))
    closed = resolved + timedelta(days=rng.randint(3, 15))
    if rng.random() < 0.4 and closed <= office.cutoff:
        yield closed
        _finish(session, item, actor, CLOSED, closed, rng.choice(BREACH_REASONS))
