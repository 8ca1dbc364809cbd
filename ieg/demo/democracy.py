"""The demo council's democracy: 17 wards, 39 councillors (fictional names), 8 committees, a year
of past meetings with agendas, reports, minutes and decisions as HTML pages, and the next three
months' diary.

Written in bulk (ORM objects added together, one flush per kind), without audit entries, as the
demo's users are: the audit log holds what people did, and nobody did this. The few councillors'
own pages are written and published through the CMS, each at its own moment in the demo's
`History`, so their audit entries fall in time order. Idempotent: nothing is added once the
demo's committees exist.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import markdown, pages, sections
from ieg.democracy import calendar
from ieg.democracy.councillors import DEMOCRACY_SECTION, SECTION_PREFIX
from ieg.demo.history import LONDON, History, launched_at, local, set_up_at, weekday
from ieg.models import (AgendaItem, Attendance, Committee, CommitteeMember, Councillor, CouncillorRole, Interest,
                        Meeting, MeetingDocument, Section, SectionGrant, User, Ward)
from ieg.people.accounts import create_user

DEMOCRACY_EMAIL = "democracy"  # @domain: the demo's democratic services officer (a publisher)

# 17 wards: five with three councillors, twelve with two (39 in all).
WARDS = (
    ("E05009101", "Abbey", 3), ("E05009102", "Ashdown Central", 3), ("E05009103", "Brookfield", 2),
    ("E05009104", "Castle Hill", 2), ("E05009105", "Dene Park", 2), ("E05009106", "Eastgate", 3),
    ("E05009107", "Fernley", 2), ("E05009108", "Greystone", 2), ("E05009109", "Hollins", 2),
    ("E05009110", "Kingsmead", 3), ("E05009111", "Lower Ashdown", 2), ("E05009112", "Marsh End", 2),
    ("E05009113", "Northcote", 3), ("E05009114", "Oakridge", 2), ("E05009115", "Priory", 2),
    ("E05009116", "Riverside", 2), ("E05009117", "Upper Ashdown", 2),
)
FIRST = ("Carol", "Amrit", "Bethan", "Callum", "Deborah", "Eamon", "Fatima", "Graham", "Helena", "Imran", "Joanna",
         "Kwame", "Linda", "Marcus", "Nadia", "Owen", "Patricia", "Rajesh", "Sally", "Tobias", "Una", "Vincent",
         "Wendy", "Yusuf", "Zara", "Alan", "Brenda", "Colin", "Denise", "Edward", "Frances", "Gareth", "Hannah",
         "Ian", "Jasmine", "Keith", "Lorna", "Martin", "Niamh")
LAST = ("Green", "Bassi", "Price", "Fraser", "Holt", "Byrne", "Rahman", "Whitlock", "Marsh", "Qureshi", "Tait",
        "Mensah", "Arkwright", "Bell", "Hussain", "Pryce", "Dolan", "Kapoor", "Fenwick", "Lowe", "Maguire",
        "Thorne", "Ashby", "Farah", "Okafor", "Lumley", "Cartwright", "Pennington", "Rudd", "Blake", "Ingram",
        "Rhys", "Stanton", "Munro", "Patel", "Ellison", "Vance", "Crowther", "Keane")
PARTIES = ("Ashdown Independents", "Conservative", "Green", "Labour", "Liberal Democrat")
INTEREST_KINDS = (("Employment, office, trade, profession or vocation", "Employed by {employer}"),
                  ("Land", "Home in {ward} ward"), ("Securities", "Shares in {company}"),
                  ("Other registrable interest", "Trustee of {charity}"))
EMPLOYERS = ("Westshire NHS Foundation Trust", "Ashdown Building Society", "Brookfield Primary School",
             "a self-employed joinery business", "Westshire University")
COMPANIES = ("Ashdown Valley Water plc", "Kingsmead Garden Centre Ltd", "Marsh End Boatyard Ltd")
CHARITIES = ("Ashdown Food Bank", "Friends of Castle Hill Park", "Riverside Community Trust")
STREETS = ("Mill Lane", "Station Road", "Church Street", "Orchard Way", "Kingsmead Road", "Castle Hill",
           "Priory Walk", "Fernley Avenue", "Brook Street", "Northcote Close")

# name, description, members, meets every N days, place
COMMITTEES = (
    ("Full Council", "All 39 councillors. Sets the budget and council tax, agrees the main policies and "
     "appoints the Leader.", 39, 61, "Council Chamber, Council Offices, High Street"),
    ("Cabinet", "The Leader and cabinet members. Takes most key decisions.", 8, 30,
     "Committee Room 1, Council Offices, High Street"),
    ("Planning Committee", "Decides larger and contested planning applications.", 13, 21,
     "Council Chamber, Council Offices, High Street"),
    ("Licensing Committee", "Licensing policy, and hearings on premises, taxi and gambling licences.", 11, 61,
     "Committee Room 2, Council Offices, High Street"),
    ("Overview and Scrutiny Committee", "Reviews Cabinet decisions and the council's performance.", 11, 61,
     "Committee Room 1, Council Offices, High Street"),
    ("Audit and Governance Committee", "The accounts, internal audit, risk and the council's governance.", 9, 91,
     "Committee Room 2, Council Offices, High Street"),
    ("Standards Committee", "Councillors' code of conduct and complaints about councillors.", 7, 91,
     "Committee Room 2, Council Offices, High Street"),
    ("Appointments and Employment Committee", "Senior staff appointments and employment policy.", 7, 91,
     "Committee Room 1, Council Offices, High Street"),
)
# Items of business by committee: (title, report body, decision, key decision?, exempt paragraph)
ITEMS = {
    "Full Council": (
        ("Budget and council tax for {year}", "## Summary\n\nThis report sets out the revenue budget of "
         "£{money} million and proposes a Band D council tax of £{band_d} for {year}, an increase of "
         "{percent}%.\n\n## Recommendation\n\nThat Council approves the budget and the council tax set out in "
         "appendix A.\n\n## Reasons\n\nThe council must set a balanced budget before 11 March.",
         "Council approved the budget and a Band D council tax of £{band_d}.", True, None),
        ("Petition: {street} crossing", "## Summary\n\nA petition with {signatures} signatures asks the council "
         "to press the county council for a pedestrian crossing on {street}.\n\n## Recommendation\n\nThat "
         "Council debates the petition and writes to Westshire County Council.",
         "Council agreed to write to Westshire County Council supporting a crossing on {street}.", False, None),
        ("Questions from the public", "## Questions received\n\nQuestions received by the deadline are set "
         "out below with the answers of the relevant cabinet member.\n\n1. About the opening hours of the "
         "{street} car park.\n2. About recycling collections over the holidays.", "", False, None),
    ),
    "Cabinet": (
        ("Recycling and waste strategy {year} to {year_end}", "## Summary\n\nThe strategy aims to raise the "
         "recycling rate from {rate}% to 55% by {year_end}, with weekly food waste collections for every "
         "household.\n\n## Financial implications\n\nThe capital cost of £{money} million is met from the "
         "government's new burdens funding.\n\n## Recommendation\n\nThat Cabinet adopts the strategy.",
         "Cabinet adopted the strategy.", True, None),
        ("Housing allocations policy review", "## Summary\n\nThe review responds to the consultation "
         "held over the summer, which received {signatures} responses.\n\n## Recommendation\n\nThat Cabinet "
         "approves the revised policy, to take effect from 1 April.", "Cabinet approved the revised policy.",
         True, None),
        ("Disposal of land at {street}", "", "Cabinet agreed to dispose of the land on the terms reported.",
         True, 3),
        ("Quarterly performance and budget monitoring", "## Summary\n\nAt the end of the quarter, {rate}% of "
         "performance indicators were on target. The revenue budget is forecast to underspend by £{small}k."
         "\n\n## Recommendation\n\nThat Cabinet notes the report.", "Cabinet noted the report.", False, None),
    ),
    "Planning Committee": (
        ("{number} {street}: erection of {homes} dwellings", "## The application\n\nOutline planning "
         "permission for {homes} dwellings with access from {street}.\n\n## Consultation\n\n{signatures} letters "
         "of objection were received, mainly about traffic and drainage. The highway authority raises no "
         "objection subject to conditions.\n\n## Recommendation\n\nGrant permission subject to the conditions "
         "in appendix 1 and a section 106 agreement securing 30% affordable housing.",
         "Permission granted subject to conditions and a section 106 agreement.", False, None),
        ("{number} {street}: change of use to a café", "## The application\n\nChange of use of the ground floor "
         "from a shop to a café with outdoor seating.\n\n## Recommendation\n\nGrant permission subject to "
         "conditions limiting opening hours to 8am to 10pm.", "Permission granted subject to conditions.", False,
         None),
        ("Appeals and enforcement update", "## Appeals\n\n{small} appeals were decided in the quarter; the "
         "council's decision was upheld in most.\n\n## Enforcement\n\nThe team opened {homes} new cases.",
         "The committee noted the update.", False, None),
    ),
    "Licensing Committee": (
        ("Statement of licensing policy review", "## Summary\n\nThe Licensing Act 2003 requires the policy to "
         "be reviewed every five years. The draft was consulted on for 12 weeks.\n\n## Recommendation\n\n"
         "That the committee recommends the policy to Full Council.", "Recommended to Full Council.", False,
         None),
        ("Hackney carriage fares", "## Summary\n\nThe trade has asked for a fares increase of {percent}% to "
         "reflect fuel costs.\n\n## Recommendation\n\nThat the new table of fares is advertised.",
         "The committee agreed to advertise the new table of fares.", False, None),
        ("Review of a private hire driver's licence", "", "The licence was suspended for three months.", False, 1),
    ),
    "Overview and Scrutiny Committee": (
        ("Call-in: {street} car park charges", "## Summary\n\nFive councillors have called in Cabinet's "
         "decision to introduce evening charges at {street} car park.\n\n## Options\n\nThe committee may "
         "refer the decision back to Cabinet or take no further action.",
         "The committee referred the decision back to Cabinet for reconsideration.", False, None),
        ("Work programme", "## Summary\n\nThe draft work programme for the year, including reviews of "
         "the leisure contract and of homelessness prevention.", "The work programme was agreed.", False, None),
    ),
    "Audit and Governance Committee": (
        ("Statement of accounts {year}", "## Summary\n\nThe external auditor expects to give an unqualified "
         "opinion on the accounts.\n\n## Recommendation\n\nThat the committee approves the statement of "
         "accounts.", "The statement of accounts was approved.", False, None),
        ("Internal audit progress report", "## Summary\n\n{small} audits were completed in the period; "
         "{homes} recommendations were made, none of them high priority.", "The committee noted the report.",
         False, None),
    ),
    "Standards Committee": (
        ("Complaints about councillors: annual report", "## Summary\n\nThe Monitoring Officer received "
         "{small} complaints in the year; none led to a finding of a breach of the code.",
         "The committee noted the report.", False, None),
        ("Hearing: complaint about a councillor", "", "The committee found no breach of the code of conduct.",
         False, 1),
    ),
    "Appointments and Employment Committee": (
        ("Pay policy statement {year}", "## Summary\n\nThe Localism Act 2011 requires the council to publish "
         "a pay policy statement every year.\n\n## Recommendation\n\nThat the committee recommends the "
         "statement to Full Council.", "Recommended to Full Council.", False, None),
        ("Appointment of Director of Place", "", "The committee agreed the appointment.", False, 1),
    ),
}
STANDING = ("Apologies for absence", "Declarations of interest", "Minutes of the previous meeting")


def _fill(text: str, rng: random.Random, year: int, ward: str = "") -> str:
    return text.format(year=f"{year}/{(year + 1) % 100:02d}", year_end=year + 4, money=f"{rng.randint(12, 48)}.{rng.randint(1, 9)}",
                       band_d=f"{rng.randint(190, 240)}.{rng.randint(10, 99)}", percent=rng.choice(("2.99", "1.99", "4.5")),
                       signatures=rng.randint(120, 2400), street=rng.choice(STREETS), rate=rng.randint(38, 72),
                       small=rng.randint(3, 12), number=rng.randint(2, 140), homes=rng.randint(8, 160), ward=ward)


def load(session: Session, now: datetime, domain: str, history: History) -> int:
    """Create the demo's democracy when missing; returns the number of meetings made."""
    if session.scalar(select(Committee.id).limit(1)) is not None:
        return 0
    rng = random.Random(1974)  # the year the district was formed: the same council every time
    today = now.astimezone(LONDON).date()
    term = date(today.year - 1 if today.month > 5 else today.year - 2, 5, 4)
    democracy = session.scalar(select(Section).where(Section.slug == DEMOCRACY_SECTION)) or \
        sections.save_section(session, None, slug=DEMOCRACY_SECTION, title="Councillors and democracy",
                              lgnl_heading="About the council")
    _as_the_demo_set_it_up(democracy, now, domain)
    officer = session.scalar(select(User).where(User.email == f"{DEMOCRACY_EMAIL}@{domain}"))
    if officer is None:
        officer = create_user(session, email=f"{DEMOCRACY_EMAIL}@{domain}", name="Dev Democracy",
                              password=_demo_password(), grants=((democracy, "publisher"),))
        officer.created_at = set_up_at(now)  # with the demo's other staff
    elected = local(weekday(term + timedelta(days=3)), 9)  # the councillors' records set up after the election

    wards = [Ward(code=code, name=name) for code, name, _ in WARDS]
    session.add_all(wards)
    session.flush()
    people: list[Councillor] = []
    names = list(zip(FIRST, LAST))
    n = 0
    for ward, (_, _, seats) in zip(wards, WARDS):
        for _ in range(seats):
            first, last = names[n]
            n += 1
            slug = f"{first}-{last}".lower()
            section = Section(slug=SECTION_PREFIX + slug, title=f"Councillor {first} {last}", lgnl_heading="",
                              summary=f"News and information from Councillor {first} {last}.",
                              sort_order=100 + n, created_at=elected, updated_at=elected)
            party = PARTIES[rng.randrange(len(PARTIES))] if n > 1 else "Green"
            person = Councillor(slug=slug, name=f"{first} {last}", party=party, term_starts=term,
                                term_ends=term.replace(year=term.year + 4), wards=[ward], section=section,
                                email=f"cllr.{first}.{last}@{domain}".lower() if rng.random() < 0.8 else "",
                                phone=f"01632 96{rng.randint(1000, 9999)}" if rng.random() < 0.5 else "",
                                surgeries=f"Second Saturday of the month, 10am to noon, {ward.name} Community Centre."
                                if rng.random() < 0.6 else "", created_at=elected, updated_at=elected)
            kinds = rng.sample(INTEREST_KINDS, rng.randint(1, 3))
            for number, (category, template) in enumerate(kinds):
                text = template.format(employer=rng.choice(EMPLOYERS), ward=ward.name, company=rng.choice(COMPANIES),
                                       charity=rng.choice(CHARITIES))
                declared = term + timedelta(days=20 + number * 90)
                person.interests.append(Interest(category=category, description=text, declared_on=declared,
                                                 removed_on=declared + timedelta(days=200)
                                                 if number == 1 and declared + timedelta(days=200) < today else None,
                                                 recorded_at=now))
            people.append(person)
    session.add_all(people)
    session.flush()
    for person in people:
        officer.grants.append(SectionGrant(section_id=person.section_id, role="publisher"))
    leader = people[1]
    leader.roles.append(CouncillorRole(title="Leader of the Council", starts=term))
    for title, person in zip(("Cabinet member for housing", "Cabinet member for the environment",
                              "Cabinet member for finance", "Cabinet member for planning"), people[5:9]):
        person.roles.append(CouncillorRole(title=title, starts=term))
    login = session.scalar(select(User).where(User.email == f"councillor@{domain}"))
    if login is not None:  # Cllr Carol Green keeps her own record; democratic services approve her pages
        people[0].user_id = login.id
        login.grants.append(SectionGrant(section_id=people[0].section_id, role="author"))

    committees = []
    for number, (name, description, size, _, _) in enumerate(COMMITTEES):
        committee = Committee(slug=name.lower().replace(" ", "-"), name=name, description=description,
                              updated_at=elected)
        chosen = people if size == len(people) else rng.sample(people, size)
        for seat, person in enumerate(chosen):
            role = "Chair" if seat == 0 else "Vice-chair" if seat == 1 else "Member"
            if name == "Full Council":
                role = "Chair" if person is people[12] else "Member"
            committee.members.append(CommitteeMember(councillor=person, role=role, starts=term))
        committees.append(committee)
    session.add_all(committees)
    session.flush()

    made = 0
    for committee, (name, _, _, every, place) in zip(committees, COMMITTEES):
        day = today - timedelta(days=365 - rng.randint(0, every - 1))
        while day <= today + timedelta(days=92):
            meeting_day = day
            while not calendar.is_working_day(meeting_day):  # never on a weekend or bank holiday
                meeting_day += timedelta(days=1)
            _meeting(session, rng, committee, meeting_day, place, now, today)
            made += 1
            day += timedelta(days=every)
    session.flush()
    _own_pages(session, people[:12], officer, now, history)
    return made


def _as_the_demo_set_it_up(section: Section, now: datetime, domain: str) -> None:
    """The migrations made the democracy section when the database was; the demo's own
    details (people.SECTIONS) and its set-up date stand for it, as for the other sections."""
    from ieg.demo.people import SECTIONS
    for order, (slug, title, heading, summary, mailbox, phone) in enumerate(SECTIONS):
        if slug == section.slug and not section.contact_email:
            section.title, section.lgnl_heading, section.summary, section.sort_order = title, heading, summary, order
            section.contact_email, section.contact_phone = f"{mailbox}@{domain}", phone
            section.contact_address = "Ashdown District Council\nCouncil Offices, High Street\nAshdown AS1 1AA"
            section.created_at = section.updated_at = set_up_at(now)


def _demo_password() -> str:
    from ieg.demo.people import DEMO_PASSWORD
    return DEMO_PASSWORD


def _meeting(session: Session, rng: random.Random, committee: Committee, day: date, place: str, now: datetime,
             today: date) -> None:
    starts = local(day, 18, 30) if committee.name != "Cabinet" else local(day, 10, 0)
    meeting = Meeting(committee=committee, starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30),
                      place=place, status="scheduled", sequence=0, created_at=min(now, starts - timedelta(days=60)))
    members = [m.councillor for m in committee.members]
    business = rng.sample(ITEMS[committee.name], min(len(ITEMS[committee.name]), rng.randint(2, 3)))
    for number, title in enumerate(STANDING, start=1):
        meeting.items.append(AgendaItem(number=number, title=title, body="", body_html=""))
    for number, (title, body, decision, key, exempt) in enumerate(business, start=len(STANDING) + 1):
        year = day.year if day.month >= 4 else day.year - 1
        text = _fill(body, rng, year)
        item = AgendaItem(number=number, title=_fill(title, rng, year), body="" if exempt else text,
                          body_html="" if exempt else markdown.render(text), key_decision=key,
                          exempt_paragraph=exempt)
        meeting.items.append(item)
        meeting.key_decision = meeting.key_decision or key
        if not exempt:
            meeting.documents.append(MeetingDocument(kind="report", agenda_item=item, title=f"Report: {item.title}",
                                                     body=text, body_html=item.body_html))
        item.decision = _fill(decision, rng, year) if decision else ""
    deadline = calendar.agenda_deadline(day)
    held = day < today
    if held or deadline < today:
        # Most agendas go out on the day they are due; about one in twelve a day or two late.
        late = rng.random() < 0.08
        published_day = deadline + timedelta(days=rng.randint(1, 2)) if late else deadline - timedelta(days=rng.randint(0, 2))
        published = local(weekday(published_day) if not late else published_day, 16)
        meeting.agenda_published_at = min(published, now)
        for document in meeting.documents:
            document.published_at = document.updated_at = document.created_at = meeting.agenda_published_at
    notice_at = local(calendar.key_decision_deadline(day) - timedelta(days=2), 12)
    if meeting.key_decision and notice_at <= now:
        # Each key decision's notice goes out two days before the 28 clear days begin.
        meeting.key_decision_notice_at = notice_at
        for item in meeting.items:
            if item.key_decision and not item.exempt_paragraph:
                meeting.documents.append(MeetingDocument(
                    kind="key_decision_notice", agenda_item=item, title=f"Notice of key decision: {item.title}",
                    body=item.body, body_html=item.body_html, published_at=notice_at, updated_at=notice_at,
                    created_at=notice_at))
    if held:
        if rng.random() < 0.04:
            meeting.status, meeting.status_note = "cancelled", "Cancelled: there was no business to transact."
            for item in meeting.items:
                item.decision = ""
        else:
            _held(rng, meeting, members, day, now)
    meeting.updated_at = max((d.published_at for d in meeting.documents if d.published_at),
                             default=meeting.agenda_published_at or meeting.created_at)
    session.add(meeting)


def _held(rng: random.Random, meeting: Meeting, members: list[Councillor], day: date, now: datetime) -> None:
    """Attendance, decisions and, ten working days later, the minutes."""
    absent = rng.sample(members, min(len(members) - 1, rng.randint(0, 2)))
    for person in members:
        meeting.attendance.append(Attendance(councillor=person, status="apologies" if person in absent else "present"))
    decided_at = local(weekday(day + timedelta(days=1)), 12)
    lines = [f"## Present\n\n{', '.join(f'Councillor {p.name}' for p in members if p not in absent)}."]
    lines.append("## Apologies\n\n" + (", ".join(f"Councillor {p.name}" for p in absent) + "." if absent else "None."))
    for item in meeting.items:
        if item.decision:
            item.decision_html = markdown.render(item.decision)
            item.decision_published_at = min(decided_at, now)
        outcome = item.decision or {"Apologies for absence": "Apologies were received as listed above.",
                                     "Declarations of interest": "No interests were declared.",
                                     "Minutes of the previous meeting": "The minutes were agreed as a correct record "
                                                                        "and signed by the Chair."}.get(item.title, "")
        if item.exempt_paragraph:
            outcome = (f"The public were excluded for this item under paragraph {item.exempt_paragraph} of "
                       f"Schedule 12A to the Local Government Act 1972. {item.decision}")
        lines.append(f"## {item.number}. {item.title}\n\n{outcome}")
    minutes_at = local(weekday(day + timedelta(days=14)), 11)
    if minutes_at < now:
        body = "\n\n".join(lines)
        meeting.documents.append(MeetingDocument(kind="minutes", title=f"Minutes: {meeting.committee.name}, "
                                                 f"{day.day} {day:%B %Y}", body=body, body_html=markdown.render(body),
                                                 published_at=minutes_at, created_at=minutes_at,
                                                 updated_at=minutes_at))


OWN_PAGE = """## About me

I was elected to represent {ward} ward in {year}. I have lived in the ward for {years} years.

## What I am working on

- safer crossings for children walking to school
- keeping the {ward} Community Centre open in the evenings
- faster repairs to council homes

## Surgeries

{surgeries}

## Contact me

Email me, or come to a surgery. I reply to every message within a week.
"""


def _own_pages(session: Session, people: list[Councillor], officer: User, now: datetime, history: History) -> None:
    """A third of the councillors have pages of their own, published by democratic services
    through the CMS's workflow on the morning the site went live."""
    for number, person in enumerate(people):
        at = launched_at(now) + timedelta(hours=3, minutes=4 * number)  # went live with the site
        history.add(_own_page(session, person, officer, at))


def _own_page(session: Session, person: Councillor, officer: User, at: datetime):
    yield at
    ward = person.wards[0].name
    body = OWN_PAGE.format(ward=ward, year=person.term_starts.year, years=5 + person.id % 20,
                           surgeries=person.surgeries or "By appointment: email me to arrange one.")
    page = pages.create_page(session, person.section, officer, pages.PageInput(
        title=f"About Councillor {person.name}", summary=f"Councillor for {ward} ward.", body_markdown=body,
        owner_name=person.name, review_by=(at + timedelta(days=365)).date()), at)
    pages.submit(session, page, officer, at)
    yield at + timedelta(minutes=1)
    pages.publish(session, page, officer, at + timedelta(minutes=1))
