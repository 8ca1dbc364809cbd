"""The fictional Ashdown District Council: demo sections and one login per role.

`flask ieg demo` loads it; running it again changes nothing (it finds what exists by
slug and email). Demo passwords exist only here and in the README.

Its past is dated as it would have happened, relative to `now`: the staff and sections set up
SET_UP_DAYS ago, the pages written over the following weeks and published when the site went
live LAUNCH_DAYS ago (the service standards in force from then), reviewed since, and a year of
enquiries and assessments after. Every step goes through the services staff use, given its
own `now`, and the steps run in the order they happened (`History`), so the audit log's
entries follow each other in time as a real council's would.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import demo_content
from ieg.models import Section, SectionGrant, User
from ieg.timeutil import utcnow
from ieg.people.accounts import create_user

DEMO_PASSWORD = "demo-password-2026"
LONDON = ZoneInfo("Europe/London")
SET_UP_DAYS, LAUNCH_DAYS = 420, 390  # before `now`: sections and staff set up; the site live
REVIEW_NOTE = "Reviewed: the page is still right. Next review date set."


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in the council's day, in UTC."""
    return datetime.combine(day, time(hour, minute), LONDON).astimezone(ZoneInfo("UTC"))


def weekday(day: date) -> date:
    """The day, or the Friday before when it falls at a weekend: the office does the work."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def set_up_at(now: datetime) -> datetime:
    return local(weekday((now - timedelta(days=SET_UP_DAYS)).astimezone(LONDON).date()), 9)


def launched_at(now: datetime) -> datetime:
    """When the demo council's site went live and its service standards came into force."""
    return local(weekday((now - timedelta(days=LAUNCH_DAYS)).astimezone(LONDON).date()), 9)


class History:
    """The demo's past, run in the order it happened. A story is a generator that yields the
    moment of its next step and takes that step when resumed; `run` always resumes the story
    whose next step is earliest, so work on different pages, enquiries and assessments
    interleaves as it would have, and each step's audit entries are appended in time order."""

    def __init__(self) -> None:
        self._waiting: list[tuple[datetime, int, Iterator[datetime]]] = []
        self._order = itertools.count()  # equal moments: the story added first goes first

    def add(self, story: Iterator[datetime]) -> None:
        self._next(story, None)

    def once(self, at: datetime, step: Callable[[], object]) -> None:
        """A story of one step."""
        def story():
            yield at
            step()
        self.add(story())

    def _next(self, story: Iterator[datetime], after: datetime | None) -> None:
        at = next(story, None)
        if at is None:
            return
        if after is not None and at < after:
            raise ValueError(f"a demo story went back in time: {at} after {after}")
        heapq.heappush(self._waiting, (at, next(self._order), story))

    def run(self) -> None:
        while self._waiting:
            at, _, story = heapq.heappop(self._waiting)
            self._next(story, at)  # takes the step due at `at`, and queues the story's next

# (slug, title, LGNL top-level heading, summary, contact email local part, phone)
SECTIONS = (
    ("waste-and-recycling", "Waste and recycling", "Environment and waste",
     "Bin collection days, recycling, bulky waste, garden waste and reporting fly-tipping.", "waste", "01632 960101"),
    ("council-tax", "Council tax", "Council tax and benefits",
     "Your council tax bill, bands, paying, discounts and exemptions.", "counciltax", "01632 960102"),
    ("benefits", "Benefits", "Council tax and benefits",
     "Housing benefit, council tax reduction and discretionary payments.", "benefits", "01632 960103"),
    ("housing", "Housing", "Housing",
     "Homelessness, the housing register, private renting and home improvements.", "housing", "01632 960104"),
    ("planning", "Planning and building control", "Planning and development",
     "Planning applications, building regulations, planning policy and enforcement.", "planning", "01632 960105"),
    ("parking", "Parking", "Transport and streets",
     "Car parks, permits, penalty charge notices and appeals.", "parking", "01632 960106"),
    ("roads-and-transport", "Roads and transport", "Transport and streets",
     "Street lighting, street cleaning, concessionary travel and reporting road problems.",
     "transport", "01632 960107"),
    ("environmental-health", "Environmental health", "Environment and waste",
     "Food safety, noise, pollution, pest control and licensing.", "envhealth", "01632 960108"),
    ("libraries", "Libraries", "Leisure and culture",
     "Library opening times, joining, borrowing e-books and local history.", "libraries", "01632 960109"),
    ("leisure-and-culture", "Leisure and culture", "Leisure and culture",
     "Leisure centres, parks, museums, arts and events.", "leisure", "01632 960110"),
    ("councillors-and-democracy", "Councillors and democracy", "About the council",
     "Your councillors, council meetings, agendas and minutes, elections and voting.",
     "democratic.services", "01632 960111"),
    ("community-and-living", "Community and living", "Community and living",
     "Community safety, grants, volunteering and local groups.", "community", "01632 960112"),
    ("business", "Business", "Business and economy",
     "Business rates, licences, tenders and support for local businesses.", "business", "01632 960113"),
    ("about-the-council", "About the council", "About the council",
     "How the council works, budgets and spending, jobs, and contacting us.", "customer.services", "01632 960000"),
    ("schools", "Schools and education", "Education and learning",
     "School admissions, term dates and transport are run by Westshire County Council.",
     "education", "01632 960114"),
    ("adult-social-care", "Adult social care", "Health and social care",
     "Care and support for adults is run by Westshire County Council.", "socialcare", "01632 960115"),
)


@dataclass(frozen=True)
class DemoUser:
    role_description: str
    email: str
    name: str
    roles: tuple[str, ...] = ()
    grants: tuple[tuple[str, str], ...] = ()  # (section slug, section role)
    casework_section: str = ""  # the service queue an officer works


USERS = (
    DemoUser("admin", "admin@ashdown.example.gov.uk", "Alex Admin", roles=("admin",)),
    DemoUser("author (Waste and recycling)", "waste.author@ashdown.example.gov.uk", "Wendy Waste",
             grants=(("waste-and-recycling", "author"),)),
    DemoUser("publisher (Waste and recycling)", "waste.publisher@ashdown.example.gov.uk", "Peter Bins",
             grants=(("waste-and-recycling", "publisher"),)),
    DemoUser("author (Planning and building control)", "planning.author@ashdown.example.gov.uk", "Priya Plans",
             grants=(("planning", "author"),)),
    DemoUser("publisher (Planning and building control)", "planning.publisher@ashdown.example.gov.uk",
             "Paul Permit", grants=(("planning", "publisher"),)),
    DemoUser("contact agent", "contact.agent@ashdown.example.gov.uk", "Chris Contact", roles=("contact_agent",)),
    DemoUser("officer (Waste and recycling queue)", "officer@ashdown.example.gov.uk", "Olivia Officer",
             roles=("officer",), casework_section="waste-and-recycling"),
    DemoUser("councillor", "councillor@ashdown.example.gov.uk", "Cllr Carol Green", roles=("councillor",)),
    DemoUser("auditor", "auditor@ashdown.example.gov.uk", "Audrey Auditor", roles=("auditor",)),
)


def load(session: Session, *, domain: str = "ashdown.example.gov.uk", content: bool = True,
         now: datetime | None = None, council=None) -> dict[str, int]:
    """Create whatever of the demo council is missing. Returns counts of what was created.

    content=False loads only the sections and people (the tests' starting point); with a
    `council` (ieg.config.Council, for acknowledgement mail) demo casework is loaded too."""
    now = now or utcnow()
    set_up = set_up_at(now)
    created = {"sections": 0, "users": 0, "pages": 0, "services": 0, "deep_links": 0, "forms": 0, "enquiries": 0}
    sections: dict[str, Section] = {s.slug: s for s in session.scalars(select(Section))}
    for order, (slug, title, heading, summary, mailbox, phone) in enumerate(SECTIONS):
        if slug in sections:
            continue
        sections[slug] = Section(
            slug=slug, title=title, lgnl_heading=heading, summary=summary, sort_order=order,
            contact_email=f"{mailbox}@{domain}", contact_phone=phone,
            contact_address="Ashdown District Council\nCouncil Offices, High Street\nAshdown AS1 1AA",
            created_at=set_up, updated_at=set_up)
        session.add(sections[slug])
        created["sections"] += 1
    session.flush()

    existing = set(session.scalars(select(User.email)))
    for demo in USERS:
        if demo.email in existing:
            continue
        user = create_user(session, email=demo.email, name=demo.name, password=DEMO_PASSWORD, roles=demo.roles,
                           grants=tuple((sections[slug], role) for slug, role in demo.grants))
        user.created_at = set_up
        if demo.casework_section:
            user.casework_section_id = sections[demo.casework_section].id
        created["users"] += 1
    if created["users"]:
        # A new install requires two-factor sign-in of administrators. The demo's shared
        # password is public anyway, and its visitors sign in as every role in turn: it asks
        # nobody for an authenticator app (an administrator can require it at /admin/security).
        # Like the demo's users, not an audited change (the loader writes no audit entries).
        from ieg.models import SignInPolicy
        policy = session.get(SignInPolicy, 1) or SignInPolicy(id=1)
        policy.two_factor_roles, policy.changed_at = [], set_up
        session.add(policy)
    if not content:
        return created
    history = History()
    _load_content(session, sections, created, now, domain, history)
    from ieg import demo_forms  # the forms the demo's pages link to, built before the site went live
    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    forms_built = launched_at(now) - timedelta(days=3)
    history.once(forms_built, lambda: created.__setitem__("forms", demo_forms.load(session, admin, forms_built)))
    from ieg.evidence import bvpi
    history.once(launched_at(now) + timedelta(days=20), lambda: bvpi.load_demo(
        session, launched_at(now) + timedelta(days=20, hours=2)))
    if council is not None:
        from ieg import demo_casework
        created["enquiries"] = demo_casework.load(session, council, now, domain, history)
    from ieg import demo_evidence
    demo_evidence.load(session, now, domain, history)
    history.run()
    session.flush()
    return created


def _load_content(session: Session, sections: dict[str, Section], created: dict, now: datetime,
                  domain: str, history: History) -> None:
    """The demo pages, written, submitted and published through the same workflow as editors
    use, each on its own date (see the module's docstring), their LGSL services and the
    county's A-Z deep links."""
    from ieg.models import DeepLink, LgslService, Page

    known = set(session.scalars(select(LgslService.id)))
    for identifier, label, description in demo_content.LGSL_SUBSET:
        if identifier not in known:
            session.add(LgslService(id=identifier, label=label, description=description))
            created["services"] += 1
    session.flush()

    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    publishers = {g.section_id: g.user for g in session.scalars(select(SectionGrant).where(
        SectionGrant.role == "publisher"))}
    made: dict[tuple[str, str], Page] = {
        (p.section.slug, p.slug): p for p in session.scalars(select(Page))}
    missing = [item for item in demo_content.PAGES if item.key not in made]
    for number, item in enumerate(missing):
        section = sections[item.section]
        history.add(_page_story(session, item, section, publishers.get(section.id, admin), made, number,
                                len(missing), now))
        created["pages"] += 1

    existing = set(session.scalars(select(DeepLink.url)))
    for label, url, provider, lgsl_id in demo_content.DEEP_LINKS:
        if url not in existing:
            session.add(DeepLink(label=label, url=url, provider=provider, lgsl_id=lgsl_id,
                                 created_at=launched_at(now)))
            created["deep_links"] += 1


def _page_story(session: Session, item: demo_content.DemoPage, section: Section, editor: User,
                made: dict, number: int, count: int, now: datetime) -> Iterator[datetime]:
    """One page's life. Published pages were written in the four weeks before the site went
    live, in the order listed (a parent before its children), and published on launch morning;
    those whose next review is due within the year were reviewed a year before it and
    published again (their "last updated" date); an overdue one never was. Pages still in
    draft or waiting for a publisher were started in the last fortnight."""
    from ieg.content import pages

    today = now.astimezone(LONDON).date()
    review = today - timedelta(days=21) if item.review_overdue else today + timedelta(days=120 + number * 3)
    launch = launched_at(now)
    # Later in the list, later in the day too: a parent is always written before its children.
    later = timedelta(minutes=5 * number)
    if item.state == demo_content.PUBLISHED:
        written = local(weekday(launch.astimezone(LONDON).date() - timedelta(days=28 - 26 * number // count)), 9) + later
        reviewed = local(weekday(review - timedelta(days=365)), 10) + timedelta(minutes=number % 12 * 30)
        if item.review_overdue or not launch + timedelta(days=30) < reviewed < now - timedelta(days=2):
            reviewed = None
    else:
        written, reviewed = local(weekday(today - timedelta(days=14)), 9) + later, None
    yield written
    parent = made.get((item.section, item.parent)) if item.parent else None
    page = pages.create_page(session, section, editor, pages.PageInput(
        title=item.title, summary=item.summary, body_markdown=item.body, slug=item.slug,
        parent_id=parent.id if parent else None, lgsl_ids=list(item.lgsl), outcome_refs=list(item.outcomes),
        az_aliases=list(item.aliases), owner_name=item.owner, review_by=reviewed.date() if reviewed else review,
        top_task=item.top_task), written)
    made[item.key] = page
    session.flush()  # its first revision's link, which stamps the page with today (onupdate)...
    page.updated_at = written  # ...when it was written then
    session.flush()
    if item.state == demo_content.DRAFT:
        return
    yield written + timedelta(hours=2)
    pages.submit(session, page, editor, written + timedelta(hours=2))
    if item.state != demo_content.PUBLISHED:
        return
    yield launch + timedelta(minutes=2 * number)
    pages.publish(session, page, editor, launch + timedelta(minutes=2 * number))
    if reviewed is None:
        return
    yield reviewed
    data = pages.PageInput.from_revision(page.latest_revision)
    data.review_by, data.note = review, REVIEW_NOTE
    pages.save_page(session, page, editor, data, reviewed)
    pages.submit(session, page, editor, reviewed + timedelta(minutes=5))
    pages.publish(session, page, editor, reviewed + timedelta(minutes=10))
