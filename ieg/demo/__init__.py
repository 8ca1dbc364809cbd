"""The fictional Ashdown District Council, loaded by `flask ieg demo`: its sections and people
(`people`), pages (`pages`, Markdown files under `pages/`), e-forms (`eforms`), casework
(`casework`) and outcome evidence (`evidence`).

`load` creates it; running it again changes nothing (it finds what exists by
slug and email). Demo passwords exist only in `people` and in the README.

Its past is dated as it would have happened, relative to `now`: the staff and sections set up
SET_UP_DAYS ago, the pages written over the following weeks and published when the site went
live LAUNCH_DAYS ago (the service standards in force from then), reviewed since, and a year of
enquiries and assessments after. Every step goes through the services staff use, given its
own `now`, and the steps run in the order they happened (`History`), so the audit log's
entries follow each other in time as a real council's would.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.demo import a_to_z, pages as demo_pages
from ieg.demo.history import LONDON, History, launched_at, local, set_up_at, weekday
from ieg.demo.people import DEMO_PASSWORD, SECTIONS, USERS, DemoUser
from ieg.models import Section, SectionGrant, User
from ieg.people.accounts import create_user
from ieg.timeutil import utcnow

__all__ = ["DEMO_PASSWORD", "SECTIONS", "USERS", "DemoUser", "History", "launched_at", "load"]

REVIEW_NOTE = "Reviewed: the page is still right. Next review date set."


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
    from ieg.demo import eforms as demo_forms  # the forms the demo's pages link to, built before the site went live
    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    forms_built = launched_at(now) - timedelta(days=3)
    history.once(forms_built, lambda: created.__setitem__("forms", demo_forms.load(session, admin, forms_built)))
    from ieg.demo import evidence as demo_evidence
    history.once(launched_at(now) + timedelta(days=20), lambda: demo_evidence.load_bvpi_pairs(
        session, launched_at(now) + timedelta(days=20, hours=2)))
    if council is not None:
        from ieg.demo import casework as demo_casework
        created["enquiries"] = demo_casework.load(session, council, now, domain, history)
        from ieg.demo import open311 as demo_open311
        created["open311_reports"] = demo_open311.load(session, council, now, history)
    demo_evidence.load(session, now, domain, history)
    from ieg.demo import democracy as demo_democracy
    created["meetings"] = demo_democracy.load(session, now, domain, history)
    from ieg.demo import directory as demo_directory  # after democracy: groups serve its wards
    created["community_groups"] = demo_directory.load(session, now, domain)
    from ieg.demo import participation as demo_participation
    created["consultations"] = demo_participation.load(session, now, domain, history)
    from ieg.demo import usage as demo_usage
    demo_usage.schedule_targets(session, now, domain, history)
    history.run()
    session.flush()
    from ieg.demo import whats_on as demo_whats_on  # after the directory's groups and democracy's wards
    created["events"] = demo_whats_on.load(session, now)
    created["usage_days"] = demo_usage.load(session, now)
    from ieg.demo import news as demo_news
    created["news"] = demo_news.load(session, now, domain)
    from ieg.demo import listing_changes as demo_listing_changes  # after the groups' editors and listings
    created["listing_changes"] = demo_listing_changes.load(session, now)
    return created


def _load_content(session: Session, sections: dict[str, Section], created: dict, now: datetime,
                  domain: str, history: History) -> None:
    """The demo pages, written, submitted and published through the same workflow as editors
    use, each on its own date (see the module's docstring), their LGSL services and the
    county's A-Z deep links."""
    from ieg.models import DeepLink, LgslService, Page

    known = set(session.scalars(select(LgslService.id)))
    for identifier, label, description in a_to_z.LGSL_SUBSET:
        if identifier not in known:
            session.add(LgslService(id=identifier, label=label, description=description))
            created["services"] += 1
    session.flush()

    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    publishers = {g.section_id: g.user for g in session.scalars(select(SectionGrant).where(
        SectionGrant.role == "publisher"))}
    made: dict[tuple[str, str], Page] = {
        (p.section.slug, p.slug): p for p in session.scalars(select(Page))}
    missing = [item for item in demo_pages.PAGES if item.key not in made]
    for number, item in enumerate(missing):
        section = sections[item.section]
        history.add(_page_story(session, item, section, publishers.get(section.id, admin), made, number,
                                len(missing), now))
        created["pages"] += 1

    existing = set(session.scalars(select(DeepLink.url)))
    for label, url, provider, lgsl_id in a_to_z.DEEP_LINKS:
        if url not in existing:
            session.add(DeepLink(label=label, url=url, provider=provider, lgsl_id=lgsl_id,
                                 created_at=launched_at(now)))
            created["deep_links"] += 1


def _page_story(session: Session, item: demo_pages.DemoPage, section: Section, editor: User,
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
    if item.state == demo_pages.PUBLISHED:
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
    if item.state == demo_pages.DRAFT:
        return
    yield written + timedelta(hours=2)
    pages.submit(session, page, editor, written + timedelta(hours=2))
    if item.state != demo_pages.PUBLISHED:
        return
    yield launch + timedelta(minutes=2 * number)
    pages.publish(session, page, editor, launch + timedelta(minutes=2 * number))
    if reviewed is None:
        return
    yield reviewed
    data = pages.PageInput.from_revision(page.latest_revision)
    data.review_by, data.note = review, REVIEW_NOTE
    pages.save_page(session, page, editor, data, reviewed)
    # Each step waits for its own moment: casework done in between is audited in between.
    yield reviewed + timedelta(minutes=5)
    pages.submit(session, page, editor, reviewed + timedelta(minutes=5))
    yield reviewed + timedelta(minutes=10)
    pages.publish(session, page, editor, reviewed + timedelta(minutes=10))
