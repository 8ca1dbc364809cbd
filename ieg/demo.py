"""The fictional Ashdown District Council: demo sections and one login per role.

`flask ieg demo` loads it; running it again changes nothing (it finds what exists by
slug and email). Demo passwords exist only here and in the README.
"""
from __future__ import annotations

from dataclasses import dataclass

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import demo_content
from ieg.models import Section, SectionGrant, User
from ieg.timeutil import utcnow
from ieg.people.accounts import create_user

DEMO_PASSWORD = "demo-password-2026"

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
    `council` (enquiries.Council, for acknowledgement mail) demo casework is loaded too."""
    created = {"sections": 0, "users": 0, "pages": 0, "services": 0, "deep_links": 0, "forms": 0, "enquiries": 0}
    sections: dict[str, Section] = {s.slug: s for s in session.scalars(select(Section))}
    for order, (slug, title, heading, summary, mailbox, phone) in enumerate(SECTIONS):
        if slug in sections:
            continue
        sections[slug] = Section(
            slug=slug, title=title, lgnl_heading=heading, summary=summary, sort_order=order,
            contact_email=f"{mailbox}@{domain}", contact_phone=phone,
            contact_address="Ashdown District Council\nCouncil Offices, High Street\nAshdown AS1 1AA")
        session.add(sections[slug])
        created["sections"] += 1
    session.flush()

    existing = set(session.scalars(select(User.email)))
    for demo in USERS:
        if demo.email in existing:
            continue
        user = create_user(session, email=demo.email, name=demo.name, password=DEMO_PASSWORD, roles=demo.roles,
                           grants=tuple((sections[slug], role) for slug, role in demo.grants))
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
        policy.two_factor_roles, policy.changed_at = [], now or utcnow()
        session.add(policy)
    if content:
        _load_content(session, sections, created, now or utcnow(), domain)
        from ieg import demo_forms  # the forms the demo's pages link to
        admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
        created["forms"] = demo_forms.load(session, admin, now or utcnow())
        from ieg.evidence import bvpi
        bvpi.load_demo(session, now or utcnow())
    if content and council is not None:
        from ieg import demo_casework
        created["enquiries"] = demo_casework.load(session, council, now or utcnow(), domain)
    if content:
        from ieg import demo_evidence
        demo_evidence.load(session, now or utcnow(), domain)
    return created


def _load_content(session: Session, sections: dict[str, Section], created: dict, now: datetime,
                  domain: str) -> None:
    """The demo pages (written, submitted and published through the same workflow as
    editors use), their LGSL services and the county's A-Z deep links."""
    from ieg.content import pages
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
    today = now.date()
    made: dict[tuple[str, str], Page] = {
        (p.section.slug, p.slug): p for p in session.scalars(select(Page))}
    for item in demo_content.PAGES:
        if (item.section, item.slug) in made:
            continue
        section = sections[item.section]
        editor = publishers.get(section.id, admin)
        parent = made.get((item.section, item.parent)) if item.parent else None
        review = today - timedelta(days=21) if item.review_overdue else today + timedelta(days=120 + len(made) * 3)
        page = pages.create_page(session, section, editor, pages.PageInput(
            title=item.title, summary=item.summary, body_markdown=item.body, slug=item.slug,
            parent_id=parent.id if parent else None, lgsl_ids=list(item.lgsl), outcome_refs=list(item.outcomes),
            az_aliases=list(item.aliases), owner_name=item.owner, review_by=review, top_task=item.top_task), now)
        if item.state in (demo_content.IN_REVIEW, demo_content.PUBLISHED):
            pages.submit(session, page, editor, now)
        if item.state == demo_content.PUBLISHED:
            pages.publish(session, page, editor, now)
        made[(item.section, item.slug)] = page
        created["pages"] += 1

    existing = set(session.scalars(select(DeepLink.url)))
    for label, url, provider, lgsl_id in demo_content.DEEP_LINKS:
        if url not in existing:
            session.add(DeepLink(label=label, url=url, provider=provider, lgsl_id=lgsl_id))
            created["deep_links"] += 1
