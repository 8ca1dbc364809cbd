"""Councillors (R6): their record, wards, roles, register of interests and their own pages.

A councillor's own pages are a CMS section of their own, so they are written with the CMS's editor,
revisions, workflow and accessibility checks. Who may publish there is a section grant: the
councillor holds `publisher` when the council lets their changes go live at once, `author` when a
democratic services officer approves them; democratic services' publishers hold `publisher` on
every councillor's section, so officers can also keep the pages for a councillor who prefers that."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.content import sections
from ieg.contact_details import is_postcode, normalise_postcode
from ieg.content.pages import slugify
from ieg.input_errors import InputError
from ieg.models import Councillor, CouncillorRole, Interest, PostcodeWard, Section, SectionGrant, User, Ward
from ieg.people import accounts
from ieg.people.permissions import AUTHOR, COUNCILLOR, PUBLISHER

DEMOCRACY_SECTION = "councillors-and-democracy"
SECTION_PREFIX = "cllr-"
WARD_CODE = re.compile(r"^[A-Z0-9]{1,12}$")


class DemocracyError(InputError):
    pass


def democracy_section(session: Session) -> Section | None:
    return session.scalar(select(Section).where(Section.slug == DEMOCRACY_SECTION))


def ensure_democracy_section(session: Session) -> Section:
    """The "Councillors and democracy" section whose grants make democratic services staff."""
    return democracy_section(session) or sections.save_section(
        session, None, slug=DEMOCRACY_SECTION, title="Councillors and democracy", lgnl_heading="About the council",
        summary="Councillors, committees, meetings, agendas, reports, minutes and decisions.")


def save_ward(session: Session, actor, now: datetime, *, code: str, name: str, ward: Ward | None = None) -> Ward:
    code, name = code.strip().upper(), name.strip()
    if not WARD_CODE.match(code):
        raise DemocracyError("Enter the ward's code, letters and numbers only, like E05012345", "code")
    if not name:
        raise DemocracyError("Enter the ward's name", "name")
    for column, value, field in ((Ward.code, code, "code"), (Ward.name, name, "name")):
        clash = session.scalar(select(Ward).where(column == value))
        if clash is not None and clash is not ward:
            raise DemocracyError(f"Another ward, {clash.name}, already has this {field}", field)
    ward = ward or Ward()
    ward.code, ward.name = code, name
    session.add(ward)
    session.flush()
    audit.record(session, actor, "democracy.ward", f"ward {ward.code}", {"name": name}, now)
    return ward


@dataclass
class Profile:
    """What a councillor (or an officer for them) keeps on their record."""
    name: str
    party: str = ""
    photo_url: str = ""
    photo_alt: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    surgeries: str = ""


PROFILE_FIELDS = ("name", "party", "photo_url", "photo_alt", "email", "phone", "address", "surgeries")


def _check_profile(profile: Profile) -> None:
    if not profile.name.strip():
        raise DemocracyError("Enter the councillor's name", "name")
    if profile.photo_url and not profile.photo_alt.strip():
        raise DemocracyError("Describe the photo for people who cannot see it", "photo_alt")
    if profile.photo_url and not re.match(r"^(https://|/)", profile.photo_url):
        raise DemocracyError("Give the photo's address starting https:// or /", "photo_url")
    if profile.email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", profile.email):
        raise DemocracyError("Enter an email address in the correct format, like name@example.com", "email")


def create_councillor(session: Session, actor, now: datetime, profile: Profile, *, wards: list[Ward],
                      term_starts: date, term_ends: date | None = None, user: User | None = None,
                      self_publish: bool = False) -> Councillor:
    """A councillor with their own section for their pages."""
    _check_profile(profile)
    if not wards:
        raise DemocracyError("Choose the councillor's ward", "wards")
    if term_ends is not None and term_ends < term_starts:
        raise DemocracyError("The term must end after it starts", "term_ends")
    slug = slugify(profile.name)[:60]
    base, n = slug, 2
    while session.scalar(select(Councillor.id).where(Councillor.slug == slug)) is not None or \
            session.scalar(select(Section.id).where(Section.slug == SECTION_PREFIX + slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    councillor = Councillor(slug=slug, term_starts=term_starts, term_ends=term_ends, wards=list(wards),
                            created_at=now, updated_at=now)
    for field in PROFILE_FIELDS:
        setattr(councillor, field, getattr(profile, field).strip())
    councillor.section = sections.save_section(
        session, None, slug=SECTION_PREFIX + slug, title=f"Councillor {councillor.name}",
        summary=f"News and information from Councillor {councillor.name}.")
    session.add(councillor)
    session.flush()
    democracy = ensure_democracy_section(session)
    # Democratic services' publishers publish every councillor's pages. The new grant adds no
    # power they did not have, so it does not sign them out (as a change of grants would): the
    # officer adding the councillor keeps working.
    for grant in session.scalars(select(SectionGrant).where(SectionGrant.section_id == democracy.id,
                                                            SectionGrant.role == PUBLISHER)).all():
        grant.user.grant(councillor.section, PUBLISHER)
        audit.record(session, actor, "user.grant_add", f"user {grant.user_id}",
                     {"section": councillor.section.slug, "role": PUBLISHER}, now)
    audit.record(session, actor, "democracy.councillor", f"councillor {slug}",
                 {"name": councillor.name, "wards": [w.code for w in wards]}, now)
    if user is not None:
        link_user(session, actor, now, councillor, user, self_publish=self_publish)
    return councillor


def link_user(session: Session, actor, now: datetime, councillor: Councillor, user: User, *,
              self_publish: bool) -> None:
    """Let `user` (given the councillor role) keep this councillor's record and pages: their
    changes publish at once with `self_publish`, otherwise they wait for democratic services."""
    clash = session.scalar(select(Councillor).where(Councillor.user_id == user.id))
    if clash is not None and clash is not councillor:
        raise DemocracyError(f"{user.email} already keeps Councillor {clash.name}'s pages", "user")
    if COUNCILLOR not in user.role_names:
        user.add_role(COUNCILLOR)
        audit.record(session, actor, "user.role_add", f"user {user.id}", {"role": COUNCILLOR}, now)
    councillor.user_id = user.id
    set_publishing(session, actor, now, councillor, self_publish)


def set_publishing(session: Session, actor, now: datetime, councillor: Councillor, self_publish: bool) -> None:
    """The council's choice for this councillor: publish at once, or through an officer."""
    if councillor.user_id is None:
        raise DemocracyError("Link the councillor to their sign-in first", "user")
    user = session.get(User, councillor.user_id)
    accounts.set_grants(session, user, {councillor.section: PUBLISHER if self_publish else AUTHOR},
                        actor=actor, now=now)


def publishes_at_once(councillor: Councillor, user: User | None) -> bool:
    return user is not None and councillor.section_id is not None and \
        PUBLISHER in user.section_roles(councillor.section_id)


def update_profile(session: Session, actor, now: datetime, councillor: Councillor, profile: Profile) -> list[str]:
    """Change the public record; returns the fields changed (audited)."""
    _check_profile(profile)
    changed = [f for f in PROFILE_FIELDS if getattr(councillor, f) != getattr(profile, f).strip()]
    for field in changed:
        setattr(councillor, field, getattr(profile, field).strip())
    if changed:
        councillor.updated_at = now
        audit.record(session, actor, "democracy.profile", f"councillor {councillor.slug}", {"changed": changed}, now)
    session.flush()
    return changed


def add_role(session: Session, actor, now: datetime, councillor: Councillor, *, title: str, starts: date,
             ends: date | None = None) -> CouncillorRole:
    if not title.strip():
        raise DemocracyError("Enter the role, like Cabinet member for housing", "title")
    role = CouncillorRole(councillor=councillor, title=title.strip(), starts=starts, ends=ends)
    session.add(role)
    councillor.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.role", f"councillor {councillor.slug}", {"title": role.title}, now)
    return role


def declare_interest(session: Session, actor, now: datetime, councillor: Councillor, *, category: str,
                     description: str, declared_on: date) -> Interest:
    """A new entry in the register: published at once, dated, kept for good."""
    if not category.strip():
        raise DemocracyError("Choose the kind of interest", "category")
    if not description.strip():
        raise DemocracyError("Describe the interest", "description")
    if declared_on > now.date():
        raise DemocracyError("The date declared must be today or in the past", "declared_on")
    interest = Interest(councillor=councillor, category=category.strip(), description=description.strip(),
                        declared_on=declared_on, recorded_at=now, recorded_by_id=getattr(actor, "id", None))
    session.add(interest)
    councillor.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.interest_add", f"councillor {councillor.slug}",
                 {"interest": interest.id, "category": interest.category}, now)
    return interest


def end_interest(session: Session, actor, now: datetime, interest: Interest, *, removed_on: date) -> None:
    """An interest that has ended stays in the register's history with the date it ended."""
    interest.councillor.updated_at = now
    set_end(session, actor, now, interest, field="removed_on", ends=removed_on, starts=interest.declared_on,
            refusals=("This interest has already ended", "An interest cannot end before it was declared"),
            action="democracy.interest_end", target=f"councillor {interest.councillor.slug}",
            details={"interest": interest.id})


def set_end(session: Session, actor, now: datetime, row, *, field: str, ends: date, starts: date,
            refusals: tuple[str, str], action: str, target: str, details: dict) -> None:
    """Ends a dated row (an interest, a role, a membership) once, never before it began; audited.
    The row stays, so the history is kept."""
    already, too_early = refusals
    if getattr(row, field) is not None:
        raise DemocracyError(already, field)
    if ends < starts:
        raise DemocracyError(too_early, field)
    setattr(row, field, ends)
    session.flush()
    audit.record(session, actor, action, target, details, now)


def ward_for_postcode(session: Session, postcode: str) -> Ward | None:
    key = normalise_postcode(postcode)
    if not is_postcode(key):
        raise DemocracyError("Enter a full postcode, like SW1A 1AA", "postcode")
    return session.scalar(select(Ward).join(PostcodeWard).where(PostcodeWard.postcode == key))


def load_postcode_wards(session: Session, rows) -> tuple[int, int, list[str]]:
    """Replace the postcode-to-ward list from (postcode, ward code) rows, such as the ONS
    postcode directory's. Returns how many were loaded, how many were for wards this council
    does not have (a national list holds every council's), and a message per unusable row."""
    wards = {w.code: w.id for w in session.scalars(select(Ward))}
    loaded, problems, seen, elsewhere = [], [], set(), 0
    for number, row in enumerate(rows, start=1):
        if len(row) < 2:
            problems.append(f"Row {number}: expected a postcode and a ward code")
            continue
        postcode, code = normalise_postcode(row[0] or ""), (row[1] or "").strip().upper()
        if not is_postcode(postcode):
            problems.append(f"Row {number}: {row[0]!r} is not a postcode")
        elif code not in wards:
            elsewhere += 1
        elif postcode not in seen:
            seen.add(postcode)
            loaded.append({"postcode": postcode, "ward_id": wards[code]})
    session.execute(PostcodeWard.__table__.delete())
    if loaded:
        session.execute(PostcodeWard.__table__.insert(), loaded)
    return len(loaded), elsewhere, problems


def has_postcodes(session: Session) -> bool:
    return session.scalar(select(PostcodeWard.postcode).limit(1)) is not None


def add_role(session: Session, actor, now: datetime, councillor: Councillor, *, title: str, starts: date,
             ends: date | None = None) -> CouncillorRole:
    """A cabinet portfolio, a chair or another office, dated; ended roles stay as history."""
    if not title.strip():
        raise DemocracyError("Enter the role, like Cabinet member for housing", "title")
    if starts < councillor.term_starts:
        raise DemocracyError("A role cannot start before the councillor's term", "starts")
    if ends is not None and ends < starts:
        raise DemocracyError("A role must end after it starts", "ends")
    role = CouncillorRole(councillor=councillor, title=title.strip()[:200], starts=starts, ends=ends)
    session.add(role)
    councillor.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.role", f"councillor {councillor.slug}",
                 {"title": role.title, "starts": starts.isoformat()}, now)
    return role


def end_role(session: Session, actor, now: datetime, role: CouncillorRole, *, ends: date) -> None:
    role.councillor.updated_at = now
    set_end(session, actor, now, role, field="ends", ends=ends, starts=role.starts,
            refusals=("This role has already ended", "A role cannot end before it started"),
            action="democracy.role_end", target=f"councillor {role.councillor.slug}",
            details={"title": role.title, "ends": ends.isoformat()})


def end_term(session: Session, actor, now: datetime, councillor: Councillor, *, ends: date) -> None:
    """The day the term of office ends (an election not stood for, a resignation); the councillor's
    open roles end with it. Audited, so the record of the change is kept."""
    if councillor.term_ends is not None:
        raise DemocracyError("This term of office has already ended", "ends")
    if ends < councillor.term_starts:
        raise DemocracyError("A term cannot end before it began", "ends")
    councillor.term_ends = ends
    for role in councillor.roles:
        if role.ends is None:
            role.ends = max(ends, role.starts)
    councillor.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.term_end", f"councillor {councillor.slug}", {"ends": ends.isoformat()}, now)
