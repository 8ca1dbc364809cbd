"""Groups' entries: signing up, the moderator's first check, editors' changes (live at once, each a
revision moderators review or roll back), confirming an entry, more editors, and the staleness job.

Services take `(session, actor, now, ...)`, flush and never commit; every change is audited
(ieg.audit) and mail is queued with ieg.mail.outbox in the same transaction.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.content import markdown
from ieg.contact_details import normalise_email, normalise_postcode
from ieg.directory import logos, rules, staleness
from ieg.input_errors import InputErrors
from ieg.mail.outbox import enqueue
from ieg.files_store import FileStore
from ieg.models import CommunityGroup, DirectoryCategory, GroupEditor, GroupRevision, GroupVenue, PasswordReset, User, Ward
from ieg.models.directory import (ENTRY, PENDING, PUBLISHED, REJECTED, REVISION_REVIEWED, REVISION_ROLLED_BACK,
                                  REVISION_WAITING, UNPUBLISHED)
from ieg.people.permissions import GROUP_EDITOR
from ieg.text import clean, single_line

# How long the link to set a password works for a group's new editor: people who signed a group
# up read their mail less often than staff reset a forgotten password.
INVITATION_LIFETIME = timedelta(days=7)
MAX_VENUES = 5


class EntryError(InputErrors):
    """What was given for an entry cannot be accepted: {field: message}."""

    def __init__(self, message_or_errors, field_name: str | None = None):
        errors = message_or_errors if isinstance(message_or_errors, dict) else {field_name: message_or_errors}
        super().__init__(errors)


@dataclass(frozen=True)
class Mailing:
    """Who the council is, for the mail an entry's changes send."""
    base_url: str
    council: str
    sender_domain: str

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}{path}"


@dataclass
class Venue:
    name: str = ""
    address: str = ""
    postcode: str = ""
    accessibility: str = ""

    def is_empty(self) -> bool:
        return not any((self.name.strip(), self.address.strip(), self.postcode.strip(), self.accessibility.strip()))


@dataclass
class Entry:
    """What a group's editor (or someone signing a group up) gives for its entry."""
    name: str = ""
    summary: str = ""
    description: str = ""
    category_ids: list[int] = field(default_factory=list)
    ward_ids: list[int] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)
    opening_times: str = ""
    contact_name: str = ""
    contact_name_public: bool = False
    email: str = ""
    email_public: bool = False
    phone: str = ""
    phone_public: bool = False
    website: str = ""
    links: str = ""
    charity_number: str = ""
    # The logo: a new file (its name and bytes), its alt text, or taking the logo away. None of
    # them given (signing up, which has no logo field) leaves the logo as it is.
    logo_filename: str = ""
    logo_data: bytes = b""
    logo_alt: str | None = None
    remove_logo: bool = False


def _checked(session: Session, given: Entry, current_logo: str = "") -> dict:
    """The entry's values as stored, or EntryError naming every field at fault. A new logo is
    given back as `logo_file` (name, bytes), for _apply to store."""
    errors: dict[str, str] = {}
    values = {
        "name": single_line(given.name)[:200], "summary": single_line(given.summary)[:300],
        "description": clean(given.description).strip()[:20000], "opening_times": clean(given.opening_times).strip()[:2000],
        "contact_name": single_line(given.contact_name)[:200], "contact_name_public": bool(given.contact_name_public),
        "email": normalise_email(single_line(given.email)) or "", "email_public": bool(given.email_public),
        "phone": single_line(given.phone)[:40], "phone_public": bool(given.phone_public),
    }
    if not values["name"]:
        errors["name"] = "Enter the group's name"
    if not values["summary"]:
        errors["summary"] = "Enter a line about what the group does"
    if values["email"] and ("@" not in values["email"] or len(values["email"]) > 254 or " " in values["email"]):
        errors["email"] = "Enter an email address like name@example.org"
    values["website"], problem = rules.web_address(single_line(given.website))
    if problem:
        errors["website"] = problem
    links, problem = rules.link_list(clean(given.links))
    values["links"] = "\n".join(links)
    if problem:
        errors["links"] = problem
    values["charity_number"], problem = rules.charity_number(given.charity_number)
    if problem:
        errors["charity_number"] = problem
    categories = list(session.scalars(select(DirectoryCategory).where(DirectoryCategory.id.in_(given.category_ids))))
    if len(categories) != len(set(given.category_ids)):
        errors["categories"] = "Choose categories from the list"
    elif not categories:
        errors["categories"] = "Choose at least one category"
    wards = list(session.scalars(select(Ward).where(Ward.id.in_(given.ward_ids)))) if given.ward_ids else []
    if len(wards) != len(set(given.ward_ids)):
        errors["wards"] = "Choose wards from the list"
    venues = [v for v in given.venues if not v.is_empty()]
    if len(venues) > MAX_VENUES:
        errors["venues"] = f"Give at most {MAX_VENUES} venues"
    for venue in venues:
        if not single_line(venue.address) and not single_line(venue.postcode):
            errors["venues"] = "Give each venue's address or postcode"
    if given.logo_alt is not None or given.logo_data or given.remove_logo:
        alt = single_line(given.logo_alt or "")[:300]
        if given.logo_data:
            refused = logos.problem(given.logo_filename, given.logo_data, alt)
            if refused:
                errors[refused[0]] = refused[1]
            values["logo_file"] = (given.logo_filename, given.logo_data)
        elif given.remove_logo:
            values["logo_name"], alt = "", ""
        if (given.logo_data or (current_logo and not given.remove_logo)) and not alt:
            errors["logo_alt"] = "Describe the logo for people who cannot see it (alt text)"
        values["logo_alt"] = alt
    if errors:
        raise EntryError(errors)
    values["categories"], values["wards"] = categories, wards
    values["venues"] = [Venue(single_line(v.name)[:200], clean(v.address).strip()[:1000],
                              normalise_postcode(v.postcode) or "", clean(v.accessibility).strip()[:2000])
                        for v in venues]
    return values


def _apply(group: CommunityGroup, values: dict, files: FileStore | None = None) -> None:
    for key, value in values.items():
        if key == "logo_file":
            if files is None:
                raise ValueError("a new logo needs the file store")
            group.logo_name = logos.store(files, *value)
        elif key == "venues":
            group.venues = [GroupVenue(position=i, name=v.name, address=v.address, postcode=v.postcode,
                                       accessibility=v.accessibility) for i, v in enumerate(value)]
        else:
            setattr(group, key, value)
    group.description_html = markdown.render(group.description) if group.description else ""


def snapshot(group: CommunityGroup) -> dict:
    """The entry as a revision keeps it: plain JSON, categories and wards by id and name."""
    return {
        "name": group.name, "summary": group.summary, "description": group.description,
        "categories": [{"id": c.id, "name": c.name} for c in group.categories],
        "wards": [{"id": w.id, "name": w.name} for w in group.wards],
        "venues": [{"name": v.name, "address": v.address, "postcode": v.postcode, "accessibility": v.accessibility}
                   for v in group.venues],
        "opening_times": group.opening_times, "contact_name": group.contact_name,
        "contact_name_public": group.contact_name_public, "email": group.email, "email_public": group.email_public,
        "phone": group.phone, "phone_public": group.phone_public, "website": group.website, "links": group.links,
        "charity_number": group.charity_number, "logo_name": group.logo_name, "logo_alt": group.logo_alt,
    }


def _from_snapshot(session: Session, kept: dict) -> dict:
    """A snapshot's values to apply again (a category or ward since removed is left out)."""
    values = {key: kept.get(key, "") for key in ("name", "summary", "description", "opening_times", "contact_name",
                                                  "email", "phone", "website", "links", "charity_number",
                                                  "logo_name", "logo_alt")}
    values.update({key: bool(kept.get(key)) for key in ("contact_name_public", "email_public", "phone_public")})
    values["categories"] = [c for c in (session.get(DirectoryCategory, k["id"]) for k in kept.get("categories", [])) if c]
    values["wards"] = [w for w in (session.get(Ward, k["id"]) for k in kept.get("wards", [])) if w]
    values["venues"] = [Venue(**v) for v in kept.get("venues", [])]
    return values


def _subject(group: CommunityGroup) -> str:
    return f"group:{group.id}"


def _slug_taken(session: Session):
    return lambda slug: session.scalar(select(CommunityGroup.id).where(CommunityGroup.slug == slug)) is not None


def _record_revision(session: Session, group: CommunityGroup, author, now: datetime, state: str) -> GroupRevision:
    session.flush()
    session.refresh(group, ["categories", "wards", "venues"])
    revision = GroupRevision(group_id=group.id, snapshot=snapshot(group), created_at=now,
                             author_id=getattr(author, "id", None), state=state)
    if state == REVISION_REVIEWED:
        revision.reviewed_at, revision.reviewed_by_id = now, getattr(author, "id", None)
    session.add(revision)
    session.flush()
    return revision


def _invitation(session: Session, user: User, now: datetime) -> str:
    """A link for `user` to set their password (the password-reset mechanism, with a longer life)."""
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest(),
                              created_at=now, expires_at=now + INVITATION_LIFETIME))
    return f"/reset-password/{token}"


def _editor_account(session: Session, actor, now: datetime, email: str, name: str) -> tuple[User, bool]:
    """The account of a group's editor by email: an existing one (given the role), or a new one with no
    password until its owner sets one through the emailed link. (user, whether it is new)."""
    email = normalise_email(single_line(email)) or ""
    name = single_line(name)[:200]
    if "@" not in email or " " in email or len(email) > 254:
        raise EntryError("Enter an email address like name@example.org", "person_email")
    user = session.scalar(select(User).where(User.email == email))
    if user is not None:
        if not user.is_active:
            raise EntryError("That account cannot be used: ask the council", "person_email")
        if GROUP_EDITOR not in user.role_names:
            user.add_role(GROUP_EDITOR)
            audit.record(session, actor, "user.role_add", f"user:{user.id}", {"role": GROUP_EDITOR}, now)
        return user, False
    if not name:
        raise EntryError("Enter your name", "person_name")
    # No usable password: an empty hash never matches (werkzeug refuses it), so the account opens
    # only once its owner has chosen a password through the link.
    user = User(email=email, name=name, active=True, password_hash="")
    user.add_role(GROUP_EDITOR)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", f"user:{user.id}",
                 {"email": user.email, "name": user.name, "roles": [GROUP_EDITOR], "active": True}, now)
    return user, True


def sign_up(session: Session, now: datetime, *, person_name: str, person_email: str, entry: Entry, token: str,
            mailing: Mailing) -> CommunityGroup:
    """A group signs up from the public site: a PENDING entry, and an editor's account for the person
    (new, with a link to set its password). `token` comes with the form: the same form sent twice
    makes one group (the first)."""
    token = single_line(token)[:64]
    if len(token) < 16:
        raise EntryError("The form has expired: start again", "name")
    earlier = session.scalar(select(CommunityGroup).where(CommunityGroup.signup_token == token))
    if earlier is not None:
        return earlier
    values = _checked(session, entry)
    user, new = _editor_account(session, None, now, person_email, person_name)
    group = CommunityGroup(slug=rules.slug_for(values["name"], _slug_taken(session)), status=PENDING,
                           created_at=now, updated_at=now, signup_token=token)
    _apply(group, values)
    group.editors.append(GroupEditor(user_id=user.id, added_at=now))
    session.add(group)
    _record_revision(session, group, user, now, REVISION_REVIEWED)
    audit.record(session, user, "directory.signup", _subject(group), {"name": group.name, "editor": user.email}, now)
    how = (f"Choose a password for your account here within {INVITATION_LIFETIME.days} days:\n"
           f"{mailing.url(_invitation(session, user, now))}\n" if new else
           f"Sign in with your existing account ({user.email}) at {mailing.url('/login')}.\n")
    enqueue(session, to=user.email, subject=f"{group.name}: your directory entry is waiting for a check", now=now,
            sender_domain=mailing.sender_domain, purpose="directory", body=(
                f"Dear {user.name},\n\nThank you for adding {group.name} to the {mailing.council} community "
                "directory. A council moderator will check the entry before it is published; we will email you "
                f"then.\n\nYou keep the entry yourself. {how}\n{mailing.council}\n"))
    return group


def tell_editors(session: Session, group: CommunityGroup, now: datetime, mailing: Mailing, subject: str,
                 body: str) -> None:
    for editor in group.editors:
        user = session.get(User, editor.user_id)
        if user is not None and user.is_active:
            enqueue(session, to=user.email, subject=subject, now=now, sender_domain=mailing.sender_domain,
                    purpose="directory", body=f"Dear {user.name},\n\n{body}\n\n{mailing.council}\n")


def approve(session: Session, moderator, now: datetime, group: CommunityGroup, mailing: Mailing) -> None:
    """The first check passed: the entry is published and its clock starts."""
    if group.status != PENDING:
        raise EntryError("Only an entry waiting for its first check can be approved", "decision")
    group.status, group.moderated_at, group.confirmed_at, group.updated_at = PUBLISHED, now, now, now
    audit.record(session, moderator, "directory.approve", _subject(group), {"name": group.name}, now)
    tell_editors(session, group, now, mailing, f"{group.name} is now in the community directory", (
        f"We have checked {group.name}'s entry and published it:\n{mailing.url('/directory/' + group.slug)}\n\n"
        f"Changes you make from now on are published at once. Manage the entry at "
        f"{mailing.url('/directory/manage/')}"))


def reject(session: Session, moderator, now: datetime, group: CommunityGroup, reason: str, mailing: Mailing) -> None:
    reason = clean(reason).strip()[:2000]
    if group.status != PENDING:
        raise EntryError("Only an entry waiting for its first check can be turned down", "decision")
    if not reason:
        raise EntryError("Say why the entry is turned down: the group is told", "reason")
    group.status, group.moderated_at, group.moderation_note = REJECTED, now, reason
    audit.record(session, moderator, "directory.reject", _subject(group), {"name": group.name, "reason": reason}, now)
    tell_editors(session, group, now, mailing, f"{group.name}: your directory entry was not published", (
        f"We checked {group.name}'s entry for the community directory and cannot publish it, because:\n\n{reason}"))


def _restore_if_stale(group: CommunityGroup) -> bool:
    """A group confirming (or changing) an entry taken down for staleness brings it back."""
    if group.status == UNPUBLISHED and group.stale_at is not None:
        group.status, group.stale_at = PUBLISHED, None
        return True
    return False


def update_entry(session: Session, editor, now: datetime, group: CommunityGroup, entry: Entry, *,
                 by_moderator: bool = False, files: FileStore | None = None) -> GroupRevision | None:
    """A change to the entry, live at once, kept as a revision: waiting for a moderator's review when
    the group's own editor made it to a published entry. None when nothing changed. `files`: the
    file store a new logo is kept in."""
    values = _checked(session, entry, group.logo_name)
    before = snapshot(group)
    _apply(group, values, files)
    session.flush()
    session.refresh(group, ["categories", "wards", "venues"])
    after = snapshot(group)
    if not rules.diff(before, after):
        return None
    group.updated_at = now
    if not by_moderator:
        group.confirmed_at = now  # a change by the group restarts the staleness clock
        _restore_if_stale(group)
    waiting = not by_moderator and group.status != PENDING
    revision = _record_revision(session, group, editor, now, REVISION_WAITING if waiting else REVISION_REVIEWED)
    audit.record(session, editor, "directory.change", _subject(group),
                 {"revision": revision.id, "fields": [label for label, _, _ in rules.diff(before, after)]}, now)
    return revision


def confirm(session: Session, editor, now: datetime, group: CommunityGroup) -> bool:
    """The group says its entry is still right: the clock restarts; an entry taken down for staleness
    is published again. True if it was restored."""
    if group.status in (PENDING, REJECTED):
        raise EntryError("This entry has not been published yet", "confirm")
    group.confirmed_at = now
    restored = _restore_if_stale(group)
    audit.record(session, editor, "directory.confirm", _subject(group), {"restored": restored}, now)
    return restored


def _same_thing(revision: GroupRevision) -> tuple:
    """The revisions of what `revision` is of: the group's entry, or one event or vacancy of it."""
    return (GroupRevision.group_id == revision.group_id, GroupRevision.kind == revision.kind,
            GroupRevision.object_id == revision.object_id)  # == None is IS NULL: the entry's


def revision_subject(revision: GroupRevision) -> str:
    """What the audit log names a revision's change by: the group, or the event or vacancy."""
    return f"group:{revision.group_id}" if revision.kind == ENTRY else f"{revision.kind}:{revision.object_id}"


def previous_revision(session: Session, revision: GroupRevision) -> GroupRevision | None:
    """The state `revision` changed: the one before it, leaving out changes rolled back (the thing
    went back to the revision before those, so that is what a later change changed)."""
    return session.scalar(select(GroupRevision).where(*_same_thing(revision), GroupRevision.id < revision.id,
                                                      GroupRevision.state != REVISION_ROLLED_BACK)
                          .order_by(GroupRevision.id.desc()).limit(1))


def changes(session: Session, revision: GroupRevision) -> list[tuple[str, str, str]]:
    """What this entry's revision changed, field by field, against the one before."""
    before = previous_revision(session, revision)
    return rules.diff(before.snapshot if before else {}, revision.snapshot)


def review(session: Session, moderator, now: datetime, revision: GroupRevision) -> None:
    """A moderator has looked at a change (to an entry, event or vacancy) and leaves it as it is."""
    if revision.state != REVISION_WAITING:
        raise EntryError("This change has already been dealt with", "revision")
    revision.state, revision.reviewed_at, revision.reviewed_by_id = REVISION_REVIEWED, now, moderator.id
    audit.record(session, moderator, "directory.review", revision_subject(revision), {"revision": revision.id}, now)


def rolling_back(session: Session, moderator, now: datetime, revision: GroupRevision, *,
                 needs_earlier: str = "") -> GroupRevision | None:
    """Mark `revision` rolled back and give the one to go back to (None: there was none before it,
    refused with the message `needs_earlier` if one is given), which is the current state again.
    Only the latest change still standing can be rolled back (rolling back an earlier one would
    silently undo the later ones too); rolling back one after another goes back step by step."""
    if revision.state == REVISION_ROLLED_BACK:
        raise EntryError("This change has already been rolled back", "revision")
    latest = session.scalar(select(GroupRevision.id).where(*_same_thing(revision),
                                                           GroupRevision.state != REVISION_ROLLED_BACK)
                            .order_by(GroupRevision.id.desc()).limit(1))
    if latest != revision.id:
        raise EntryError("A later change has been made: roll that back first", "revision")
    before = previous_revision(session, revision)
    if before is None and needs_earlier:
        raise EntryError(needs_earlier, "revision")
    revision.state, revision.reviewed_at, revision.reviewed_by_id = REVISION_ROLLED_BACK, now, moderator.id
    return before


def tell_rolled_back(session: Session, now: datetime, group: CommunityGroup, what: str, mailing: Mailing) -> None:
    """The group's editors hear that a moderator undid their change to `what`."""
    tell_editors(session, group, now, mailing, f"{group.name}: a change was rolled back", (
        f"A council moderator has rolled back a change to {what}: it is as it was before that change. "
        f"If you are not sure why, reply to this email or contact the council.\n\n"
        f"Manage the group's entry, events and vacancies at {mailing.url('/directory/manage/')}"))


def roll_back(session: Session, moderator, now: datetime, revision: GroupRevision, mailing: Mailing) -> GroupRevision:
    """Put the entry back as it was before this change (the revision given back); its editors are told."""
    before = rolling_back(session, moderator, now, revision, needs_earlier=(
        "This is the entry as the group first gave it: there is nothing to roll back to"))
    group = session.get(CommunityGroup, revision.group_id)
    _apply(group, _from_snapshot(session, before.snapshot))
    group.updated_at = now
    session.flush()
    audit.record(session, moderator, "directory.roll_back", _subject(group),
                 {"revision": revision.id, "restored_from": before.id}, now)
    tell_rolled_back(session, now, group, f"{group.name}'s directory entry", mailing)
    return before


def set_published(session: Session, moderator, now: datetime, group: CommunityGroup, published: bool) -> None:
    """A moderator takes a published entry down, or puts one they took down back."""
    if group.status not in (PUBLISHED, UNPUBLISHED):
        raise EntryError("Approve or turn down the entry first", "decision")
    group.status, group.stale_at = (PUBLISHED if published else UNPUBLISHED), None
    group.updated_at = now
    audit.record(session, moderator, "directory.publish" if published else "directory.unpublish",
                 _subject(group), {"name": group.name}, now)


def add_editor(session: Session, actor, now: datetime, group: CommunityGroup, *, email: str, name: str,
               mailing: Mailing) -> User:
    """Another person keeps this group's entry, events and vacancies: invited by email."""
    user, new = _editor_account(session, actor, now, email, name)
    if user.id in group.editor_ids:
        raise EntryError(f"{user.email} already edits this group's entry", "person_email")
    group.editors.append(GroupEditor(user_id=user.id, added_at=now))
    session.flush()
    audit.record(session, actor, "directory.editor_add", _subject(group), {"editor": user.email}, now)
    how = (f"Choose a password for your account here within {INVITATION_LIFETIME.days} days:\n"
           f"{mailing.url(_invitation(session, user, now))}" if new else
           f"Sign in with your account ({user.email}) at {mailing.url('/login')}.")
    enqueue(session, to=user.email, subject=f"You can now edit {group.name}'s directory entry", now=now,
            sender_domain=mailing.sender_domain, purpose="directory", body=(
                f"Dear {user.name},\n\n{getattr(actor, 'name', 'The council')} has made you an editor of "
                f"{group.name}'s entry in the {mailing.council} community directory, with its events and "
                f"vacancies.\n\n{how}\n\n{mailing.council}\n"))
    return user


@dataclass
class StalenessRun:
    reminded: int = 0
    second_reminded: int = 0
    unpublished: int = 0

    def __str__(self) -> str:
        return (f"reminded {self.reminded}, reminded again {self.second_reminded}, "
                f"unpublished {self.unpublished} stale entries")


def run_staleness(session: Session, now: datetime, mailing: Mailing) -> StalenessRun:
    """Send each notice due (12 months: a reminder; 13: another; 14: unpublished, with notice), once."""
    run = StalenessRun()
    oldest = staleness.add_months(now, -staleness.REMIND_MONTHS)
    groups = session.scalars(select(CommunityGroup).where(
        CommunityGroup.status == PUBLISHED, CommunityGroup.confirmed_at <= oldest).order_by(CommunityGroup.id))
    for group in groups:
        step = staleness.due(group.confirmed_at, now, reminded_at=group.reminded_at,
                             second_reminded_at=group.second_reminded_at, stale_at=group.stale_at)
        if step is None:
            continue
        clock = staleness.Clock(group.confirmed_at)
        manage = mailing.url(f"/directory/manage/{group.id}")
        if step == staleness.UNPUBLISH:
            group.status, group.stale_at = UNPUBLISHED, now
            run.unpublished += 1
            tell_editors(session, group, now, mailing, f"{group.name} has been taken out of the directory", (
                f"Nobody has confirmed {group.name}'s directory entry for {staleness.UNPUBLISH_MONTHS} months, so we "
                f"have taken it out of the directory. Confirm it is right, or change it, and it is published "
                f"again at once:\n{manage}"))
        else:
            second = step == staleness.SECOND_REMINDER
            if second:
                group.second_reminded_at = now
                run.second_reminded += 1
            else:
                group.reminded_at = now
                run.reminded += 1
            tell_editors(session, group, now, mailing,
                         f"{'Reminder: p' if second else 'P'}lease check {group.name}'s directory entry", (
                             f"Is {group.name}'s directory entry still right? Please confirm it, or change it, "
                             f"here:\n{manage}\n\nIf nobody does, it will be taken out of the directory on "
                             f"{clock.unpublish_at:%d %B %Y}."))
        audit.record(session, None, f"directory.stale_{step}", _subject(group), {"clock_started": group.confirmed_at}, now)
    session.flush()
    return run
