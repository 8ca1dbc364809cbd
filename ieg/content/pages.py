"""A page's editing life: create, save (a revision each time), submit, publish, return,
unpublish, archive, restore. Plain functions taking a session, the actor and `now`;
views check permissions before calling them (ieg.security.require), and commit after.

States (docs/design.md 3.3): draft -> in_review -> published -> archived, and a publisher may
return a page to draft with a comment. The status describes the latest revision; the
public sees `live_revision`, which stays up while a new draft of a live page is worked on.

Everything the public sees changes only when a publisher publishes. The page row holds what
is public: its address and place (slug, parent, top task, sort order); the latest revision's
`meta` holds what the editors propose, applied at go-live (placement()). A page nobody can
see is placed as it is saved. Documents and images uploaded are public only from the next
publication, and an author's removal of a public one waits for it too; a publisher may take
one down at once.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib import import_module

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ieg import audit, cache
from ieg.content import accessibility, attachments, markdown
from ieg.input_errors import InputError
from ieg.models.content import (ARCHIVED, DRAFT, IN_REVIEW, PUBLISHED, Attachment, AzAlias, LgslService, Page,
                                PageEditing, PageEvent, PageRedirect, PageRevision, PageService, Section)

SLUG_MAX = 120
# An open editor tells the server it is still there every HEARTBEAT seconds; an editor not
# heard from for the window has gone (a closed laptop, a lost connection). A background tab's
# timers may run only once a minute, hence a window of three beats.
EDITING_HEARTBEAT_SECONDS = 30
EDITING_WINDOW_SECONDS = 90
# The time a closed page's presence row is given: long before any window.
CLOSED = datetime(2000, 1, 1, tzinfo=timezone.utc)


class PageError(InputError):
    """The editor's input cannot be saved; `field` names the form field at fault."""


# Not an InputError: nothing in the form is wrong, the page's state forbids the action.
class WorkflowError(ValueError):
    """The action does not apply to the page in its current state."""


class AccessibilityErrors(WorkflowError):
    def __init__(self, findings: list[accessibility.Finding]):
        super().__init__("The page has accessibility errors to fix before it can be published")
        self.findings = findings


@dataclass
class PageInput:
    title: str
    summary: str = ""
    body_markdown: str = ""
    slug: str = ""
    parent_id: int | None = None
    lgsl_ids: list[int] = field(default_factory=list)
    outcome_refs: list[str] = field(default_factory=list)
    az_aliases: list[str] = field(default_factory=list)
    owner_name: str = ""
    review_by: date | None = None
    egms_subject_keywords: str = ""
    egms_coverage: str = ""
    note: str = ""
    top_task: bool = False
    sort_order: int = 0

    def meta(self) -> dict:
        return {
            "slug": self.slug, "parent_id": self.parent_id, "top_task": self.top_task,
            "sort_order": self.sort_order, "lgsl_ids": sorted(set(self.lgsl_ids)),
            "outcome_refs": sorted(set(self.outcome_refs)), "az_aliases": self.az_aliases,
            "owner_name": self.owner_name, "review_by": self.review_by.isoformat() if self.review_by else None,
            "egms_subject_keywords": self.egms_subject_keywords, "egms_coverage": self.egms_coverage,
        }

    @property
    def placement(self) -> "Placement":
        return Placement(self.slug, self.parent_id, self.top_task, self.sort_order)

    @classmethod
    def from_revision(cls, revision: PageRevision) -> "PageInput":
        meta = revision.meta or {}
        review = meta.get("review_by")
        place = placement(revision)
        return cls(title=revision.title, summary=revision.summary, body_markdown=revision.body_markdown,
                   slug=place.slug, parent_id=place.parent_id, top_task=place.top_task, sort_order=place.sort_order,
                   lgsl_ids=meta.get("lgsl_ids", []), outcome_refs=meta.get("outcome_refs", []),
                   az_aliases=meta.get("az_aliases", []), owner_name=meta.get("owner_name", ""),
                   review_by=date.fromisoformat(review) if review else None,
                   egms_subject_keywords=meta.get("egms_subject_keywords", ""),
                   egms_coverage=meta.get("egms_coverage", ""))


@dataclass(frozen=True)
class Placement:
    """Where a page is and how it shows: its address (slug under its parent), whether the
    home page lists it as a most-used task, its position among pages at the same level."""
    slug: str
    parent_id: int | None
    top_task: bool
    sort_order: int

    @classmethod
    def of(cls, page: Page) -> "Placement":
        """Where the page is now: what the public sees when it is live."""
        return cls(page.slug, page.parent_id, bool(page.is_top_task), page.sort_order or 0)


def placement(revision: PageRevision) -> Placement:
    """Where a revision puts its page. Revisions saved before placement was kept in `meta`
    lack the top task and order: the page's own values stand for them."""
    meta, current = revision.meta or {}, Placement.of(revision.page)
    return Placement(meta.get("slug") or current.slug, meta["parent_id"] if "parent_id" in meta else current.parent_id,
                     bool(meta.get("top_task", current.top_task)), int(meta.get("sort_order", current.sort_order)))


def slugify(text: str) -> str:
    """'Bin collection days & times' -> 'bin-collection-days-and-times'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "page"


# Page events that change what the public sees, or ask for such a change, also go in the
# audit log (ieg.audit.ACTIONS).
AUDITED = {"published": "page.publish", "unpublished": "page.unpublish", "archived": "page.archive",
           "placement_changed": "page.placement", "document_added": "page.document_add",
           "document_published": "page.document_publish", "document_removal_requested": "page.document_remove_request",
           "document_removal_cancelled": "page.document_keep", "document_removed": "page.document_remove"}


def _event(session: Session, page: Page, actor, action: str, now: datetime, comment: str = "",
           revision: PageRevision | None = None, details: dict | None = None) -> None:
    session.add(PageEvent(page_id=page.id, actor_id=actor.id if actor else None, action=action, comment=comment,
                          revision_id=revision.id if revision else None, at=now))
    if action in AUDITED:
        audit.record(session, actor, AUDITED[action], f"page:{page.id}", {
            "section": page.section.slug if page.section else None, "slug": page.slug, "comment": comment,
            "revision": revision.number if revision else None, "scheduled": actor is None, **(details or {})}, now)


def _check_content(session: Session, data: PageInput) -> None:
    if not data.title.strip():
        raise PageError("Enter a title", "title")
    if len(data.title) > 200:
        raise PageError("Title must be 200 characters or fewer", "title")
    unknown = set(data.lgsl_ids) - set(session.scalars(select(LgslService.id).where(
        LgslService.id.in_(data.lgsl_ids or [-1]))))
    if unknown:
        raise PageError(f"Unknown LGSL service code{'s' if len(unknown) > 1 else ''}: "
                        f"{', '.join(map(str, sorted(unknown)))}", "lgsl_ids")


def _check_place(session: Session, page: Page | None, section: Section, place: Placement,
                 publishing: bool = False) -> None:
    """Whether the page can take this address and place, against the pages as they are now.
    Checked when saving and again when publishing: another page may have taken the address,
    or moved, in between. A refusal at publication names the field, as the form would."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", place.slug or ""):
        raise PageError("Web address must use only lower-case letters, numbers and single hyphens", "slug")
    clash = session.scalar(select(Page).where(Page.section_id == section.id, Page.slug == place.slug))
    if clash is not None and clash is not page:
        if publishing:
            raise PageError(f"Web address: another page in this section, {clash.title}, now uses "
                            f"{clash.public_path}. Choose another web address and save the page.", "slug")
        raise PageError(f"Another page in this section, {clash.title}, already uses this web address", "slug")
    if place.parent_id is None:
        return
    parent = session.get(Page, place.parent_id)
    problem = None
    if parent is None or parent.section_id != section.id or (publishing and parent.status == ARCHIVED):
        problem = "Choose a parent page from this section"
    else:
        ancestor = parent
        while ancestor is not None and problem is None:
            if page is not None and ancestor.id == page.id:
                problem = "A page cannot sit under itself or one of its own sub-pages"
            ancestor = ancestor.parent
    if problem and publishing:
        raise PageError(f"Sits under: the page chosen cannot be this page's parent now. {problem}, then save "
                        "the page.", "parent_id")
    if problem:
        raise PageError(problem, "parent_id")


def _new_revision(session: Session, page: Page, actor, data: PageInput, now: datetime, note: str = "") -> PageRevision:
    number = (session.scalar(select(func.max(PageRevision.number)).where(PageRevision.page_id == page.id)) or 0) + 1
    revision = PageRevision(page_id=page.id, number=number, title=data.title.strip(), summary=data.summary.strip(),
                            body_markdown=data.body_markdown, body_html=markdown.render(data.body_markdown),
                            meta=data.meta(), author_id=actor.id if actor else None, note=note or data.note,
                            created_at=now)
    session.add(revision)
    session.flush()
    page.latest_revision = revision
    return revision


def create_page(session: Session, section: Section, actor, data: PageInput, now: datetime) -> Page:
    data.slug = data.slug or slugify(data.title)
    _check_content(session, data)
    _check_place(session, None, section, data.placement)
    page = Page(section_id=section.id, section=section, parent_id=data.parent_id, slug=data.slug, status=DRAFT,
                is_top_task=data.top_task, sort_order=data.sort_order, owner_name=data.owner_name.strip(),
                review_by=data.review_by, created_at=now, updated_at=now)
    session.add(page)
    session.flush()
    revision = _new_revision(session, page, actor, data, now)
    _event(session, page, actor, "created", now, revision=revision)
    return page


def save_page(session: Session, page: Page, actor, data: PageInput, now: datetime) -> PageRevision:
    """Every save is a new revision. Saving a page in review or live makes a new draft;
    the live revision, and the live page's address and place, stay public until the new
    one is published. A page nobody sees takes its new address and place at once."""
    if page.status == ARCHIVED:
        raise WorkflowError("Archived pages cannot be changed; restore a revision to bring the page back")
    data.slug = data.slug or placement(page.latest_revision).slug
    _check_content(session, data)
    _check_place(session, page, page.section, data.placement)
    if not is_public(page):
        _place(session, page, data.placement, now)
    page.owner_name, page.review_by = data.owner_name.strip(), data.review_by
    revision = _new_revision(session, page, actor, data, now)
    _event(session, page, actor, "saved", now, comment=data.note, revision=revision)
    _reopen(session, page, actor, now)
    return revision


def _reopen(session: Session, page: Page, actor, now: datetime) -> None:
    """A change makes the page a draft with something to publish. A publication scheduled
    before it is cancelled: the scheduler would publish a change no publisher approved."""
    page.status = DRAFT
    page.updated_at = now
    if page.publish_at is not None:
        page.publish_at = None
        _event(session, page, actor, "schedule_cancelled", now,
               comment="The page changed after a publisher scheduled it, so the changes need approval")


def _place(session: Session, page: Page, place: Placement, now: datetime) -> dict[str, list]:
    """Give the page this address and place; returns what changed, {field: [old, new]}."""
    before = Placement.of(page)
    _move(session, page, place.slug, place.parent_id, now)
    page.is_top_task, page.sort_order = place.top_task, place.sort_order
    if place != before and is_public(page):
        cache.bump(session, now)  # its address, breadcrumbs, section lists or the home page change
    return {name: [getattr(before, name), getattr(place, name)] for name in Placement.__dataclass_fields__
            if getattr(before, name) != getattr(place, name)}


def _move(session: Session, page: Page, slug: str, parent_id: int | None, now: datetime) -> None:
    """Change the page's address; once it has been public, the old address redirects."""
    if (slug, parent_id) == (page.slug, page.parent_id):
        return
    was_public = page.first_published_at is not None
    old_paths = [page.public_path] + [p.public_path for p in _descendants(page)] if was_public else []
    page.slug, page.parent_id = slug, parent_id
    session.flush()
    session.expire(page, ["parent"])
    for old, moved in zip(old_paths, [page] + _descendants(page)):
        if old != moved.public_path:
            session.execute(delete(PageRedirect).where(PageRedirect.old_path == moved.public_path))
            existing = session.scalar(select(PageRedirect).where(PageRedirect.old_path == old))
            if existing:
                existing.page_id = moved.id
            else:
                session.add(PageRedirect(old_path=old, page_id=moved.id, created_at=now))
    for sub_page in _descendants(page):
        flag_modified(sub_page, "slug")  # same slug, new address: search must index the new one


def parent_label(session: Session, parent_id: int | None) -> str:
    """A parent as the editor's "Sits under" list names it."""
    parent = session.get(Page, parent_id) if parent_id is not None else None
    if parent is None:
        return "Top of the section" if parent_id is None else "A page that no longer exists"
    return " / ".join(parent.path_slugs()) + f" ({parent.title})"


def path_of(session: Session, page: Page, place: Placement) -> str:
    """The address the page would have in this place, under its parent as it is now."""
    parent = session.get(Page, place.parent_id) if place.parent_id is not None else None
    return f"/{page.section.slug}/" + "/".join((parent.path_slugs() if parent else []) + [place.slug])


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _describe_changes(session: Session, page: Page, old_path: str, changes: dict[str, list]) -> str:
    parts = []
    if "slug" in changes or "parent_id" in changes:
        parts.append(f"web address {old_path} → {page.public_path}")
    if "parent_id" in changes:
        old, new = changes["parent_id"]
        parts.append(f"sits under {parent_label(session, old)} → {parent_label(session, new)}")
    if "top_task" in changes:
        parts.append("home page task " + " → ".join(_yes_no(v) for v in changes["top_task"]))
    if "sort_order" in changes:
        parts.append("position in lists " + " → ".join(map(str, changes["sort_order"])))
    return "; ".join(parts)


def waiting_for_publisher(session: Session, page: Page) -> list[str]:
    """The live page's address and place changes that the latest revision proposes, in words."""
    if not is_public(page) or page.latest_revision is None:
        return []
    now, proposed = Placement.of(page), placement(page.latest_revision)
    waiting = []
    if (now.slug, now.parent_id) != (proposed.slug, proposed.parent_id):
        waiting.append(f"New web address, waiting for a publisher: {path_of(session, page, proposed)}")
    if now.parent_id != proposed.parent_id:
        waiting.append("New place, waiting for a publisher: " + (
            "at the top of the section" if proposed.parent_id is None
            else f"under {parent_label(session, proposed.parent_id)}"))
    if now.top_task != proposed.top_task:
        waiting.append("Home page task, waiting for a publisher: " + (
            "shown on the home page" if proposed.top_task else "no longer shown on the home page"))
    if now.sort_order != proposed.sort_order:
        waiting.append(f"Position in lists, waiting for a publisher: {proposed.sort_order} "
                       f"(now {now.sort_order})")
    return waiting


def compare_revisions(session: Session, old: PageRevision, new: PageRevision) -> list[dict]:
    """Field-by-field, line-by-line differences an editor can read, placement included."""
    def fields(rev):
        meta, place = rev.meta or {}, placement(rev)
        return {"Title": rev.title, "Summary": rev.summary, "Page content": rev.body_markdown,
                "Web address": place.slug, "Sits under": parent_label(session, place.parent_id),
                "Home page task": _yes_no(place.top_task).capitalize(), "Position in lists": str(place.sort_order),
                "LGSL service codes": ", ".join(map(str, meta.get("lgsl_ids", []))),
                "Other names in the A-Z": "\n".join(meta.get("az_aliases", [])),
                "Priority outcomes": ", ".join(meta.get("outcome_refs", [])),
                "Page owner": meta.get("owner_name", ""), "Review by": meta.get("review_by") or ""}
    before, after = fields(old), fields(new)
    changes = []
    for name in before:
        if before[name] == after[name]:
            continue
        lines = []
        for line in difflib.ndiff(before[name].splitlines(), after[name].splitlines()):
            if line.startswith("? "):
                continue
            lines.append({"kind": {"- ": "removed", "+ ": "added"}.get(line[:2], "same"), "text": line[2:]})
        changes.append({"field": name, "lines": lines})
    return changes


def _descendants(page: Page) -> list[Page]:
    found, stack = [], list(page.children)
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(child.children)
    return found


def check(page: Page) -> list[accessibility.Finding]:
    """Accessibility findings for the latest revision (docs/design.md 3.3)."""
    revision = page.latest_revision
    documents = [accessibility.Document(title=a.title, filename=a.filename) for a in page.attachments
                 if a.removal_requested_at is None]
    return accessibility.check_page(revision.body_markdown, title=revision.title, documents=documents)


def submit(session: Session, page: Page, actor, now: datetime, comment: str = "") -> list[accessibility.Finding]:
    """Send the latest revision for approval. Accessibility errors stop it; warnings are returned."""
    if page.status != DRAFT:
        raise WorkflowError("Only a draft can be submitted for review")
    findings = check(page)
    if accessibility.blocking(findings):
        raise AccessibilityErrors(findings)
    page.status = IN_REVIEW
    page.updated_at = now
    _event(session, page, actor, "submitted", now, comment=comment, revision=page.latest_revision)
    return findings


# Events that change what a publication would make public.
CHANGES = ("saved", "restored", "document_added", "document_removal_requested", "document_removal_cancelled",
           "document_removed")


def last_event_id(session: Session, page: Page) -> int:
    """The page's newest history entry: what a publisher has seen when they approve."""
    return session.scalar(select(func.max(PageEvent.id)).where(PageEvent.page_id == page.id)) or 0


def publish(session: Session, page: Page, actor, now: datetime, comment: str = "",
            at: datetime | None = None, seen: int | None = None) -> None:
    """Approve and publish the latest revision now, or schedule it for `at`. `seen`, the
    page's last_event_id() when the publisher looked at it, refuses a change made since:
    they would approve what they have not seen."""
    if page.status not in (DRAFT, IN_REVIEW):
        raise WorkflowError("There is no new version of this page to publish")
    if seen is not None:
        since = session.scalar(select(PageEvent).where(PageEvent.page_id == page.id, PageEvent.id > seen,
                                                       PageEvent.action.in_(CHANGES)).order_by(PageEvent.id.desc()))
        if since is not None:
            who = since.actor.name if since.actor else "Someone"
            raise WorkflowError(f"Not published: {who} changed the page after you opened it. Check the changes "
                                "below, then publish again.")
    findings = check(page)
    if accessibility.blocking(findings):
        raise AccessibilityErrors(findings)
    _check_place(session, page, page.section, placement(page.latest_revision), publishing=True)
    if at is not None and at > now:
        page.status = IN_REVIEW
        page.publish_at = at
        _event(session, page, actor, "scheduled", now, comment=f"Publishes {at.isoformat()}. {comment}".strip(),
               revision=page.latest_revision)
        return
    _go_live(session, page, actor, now, comment)


def _go_live(session: Session, page: Page, actor, now: datetime, comment: str = "") -> None:
    """Make the latest revision public with its address, place and files (PageError, naming
    the field, if another page took the address meanwhile: nothing is changed then)."""
    revision = page.latest_revision
    place = placement(revision)
    _check_place(session, page, page.section, place, publishing=True)
    before = page.public_path
    changes = _place(session, page, place, now)
    if changes:
        _event(session, page, actor, "placement_changed", now, comment=_describe_changes(session, page, before, changes),
               revision=revision, details={"changes": changes})
    _publish_files(session, page, actor, now)
    page.live_revision = revision
    cache.bump(session, now)
    page.status = PUBLISHED
    page.publish_at = None
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    page.updated_at = now
    # The A-Z and BVPI 157 read the live revision's services and aliases.
    session.execute(delete(PageService).where(PageService.page_id == page.id))
    session.execute(delete(AzAlias).where(AzAlias.page_id == page.id))
    for lgsl_id in revision.meta.get("lgsl_ids", []):
        session.add(PageService(page_id=page.id, lgsl_id=lgsl_id))
    for alias in revision.meta.get("az_aliases", []):
        if alias.strip():
            session.add(AzAlias(page_id=page.id, label=alias.strip()))
    _event(session, page, actor, "published", now, comment=comment, revision=revision)


def return_to_draft(session: Session, page: Page, actor, now: datetime, comment: str) -> None:
    if page.status != IN_REVIEW:
        raise WorkflowError("Only a page in review can be returned")
    if not comment.strip():
        raise PageError("Say what the author needs to change", "comment")
    page.status = DRAFT
    page.publish_at = None
    page.updated_at = now
    _event(session, page, actor, "returned", now, comment=comment.strip(), revision=page.latest_revision)


def _take_down(session: Session, page: Page) -> None:
    if page.live_revision_id is not None:
        cache.bump(session)
    page.live_revision = None
    session.execute(delete(PageService).where(PageService.page_id == page.id))
    session.execute(delete(AzAlias).where(AzAlias.page_id == page.id))


def unpublish(session: Session, page: Page, actor, now: datetime, comment: str = "") -> None:
    if page.live_revision_id is None:
        raise WorkflowError("The page is not published")
    _take_down(session, page)
    page.status = DRAFT
    page.unpublish_at = None
    page.updated_at = now
    _event(session, page, actor, "unpublished", now, comment=comment)


def archive(session: Session, page: Page, actor, now: datetime, comment: str = "") -> None:
    if page.status == ARCHIVED:
        raise WorkflowError("The page is already archived")
    if any(child.status != ARCHIVED for child in page.children):
        raise WorkflowError("Archive or move this page's sub-pages first")
    _take_down(session, page)
    page.status = ARCHIVED
    page.publish_at = page.unpublish_at = None
    page.updated_at = now
    _event(session, page, actor, "archived", now, comment=comment)


def restore(session: Session, page: Page, revision: PageRevision, actor, now: datetime) -> PageRevision:
    """Copy an old revision into a new draft (archived pages come back as drafts too)."""
    if revision.page_id != page.id:
        raise WorkflowError("That revision belongs to another page")
    data = PageInput.from_revision(revision)
    # Restore content, not the old address or place: for a live page those the editors last
    # proposed stand (still waiting for a publisher); any other page stays where it is.
    place = placement(page.latest_revision) if is_public(page) else Placement.of(page)
    data.slug, data.parent_id, data.top_task, data.sort_order = (place.slug, place.parent_id, place.top_task,
                                                                 place.sort_order)
    new = _new_revision(session, page, actor, data, now, note=f"Restored from revision {revision.number}")
    _event(session, page, actor, "restored", now, comment=f"From revision {revision.number}", revision=new)
    _reopen(session, page, actor, now)
    return new


def run_schedule(session: Session, now: datetime, held: list | None = None) -> tuple[int, int]:
    """Publish and unpublish what is due (the scheduler's job). Returns (published, unpublished).
    A page that can no longer take its new address is not published: its schedule is
    cancelled, its history says why (and `held` gets (page, why)), and the others go ahead."""
    due = session.scalars(select(Page).where(Page.publish_at.is_not(None), Page.publish_at <= now,
                                             Page.status == IN_REVIEW)).all()
    published = 0
    for page in due:
        try:
            _check_place(session, page, page.section, placement(page.latest_revision), publishing=True)
        except PageError as error:
            page.publish_at = None
            _event(session, page, None, "schedule_failed", now, comment=f"Not published. {error}",
                   revision=page.latest_revision)
            if held is not None:
                held.append((page, str(error)))
            continue
        _go_live(session, page, None, now, "Scheduled publication")
        published += 1
    ending = session.scalars(select(Page).where(Page.unpublish_at.is_not(None), Page.unpublish_at <= now,
                                                Page.live_revision_id.is_not(None))).all()
    for page in ending:
        unpublish(session, page, None, now, "Scheduled removal")
    return published, len(ending)


def schedule_unpublish(session: Session, page: Page, actor, now: datetime, at: datetime | None) -> None:
    page.unpublish_at = at
    _event(session, page, actor, "unpublish_scheduled" if at else "unpublish_cancelled", now,
           comment=at.isoformat() if at else "")


def touch_editing(session: Session, page: Page, user, now: datetime, *, opened: bool = False) -> list:
    """Record that `user` has the page open; return the other users editing it now.
    `opened`: they have just opened it, so they have left any other page they had open."""
    if opened:
        session.execute(delete(PageEditing).where(PageEditing.user_id == user.id, PageEditing.page_id != page.id))
    # One statement, not read-then-insert: the page and its heartbeat (or a beacon and the next
    # page) arrive together, and two inserts of the same editor's row would clash (a 500).
    # ON CONFLICT is PostgreSQL's and SQLite's alike.
    # A heartbeat never reopens a page its editor has closed: one sent just before "Close without
    # saving" can arrive after it. Opening the page (a GET) always does.
    upsert = import_module(f"sqlalchemy.dialects.{session.get_bind().dialect.name}").insert(PageEditing)
    session.execute(upsert.values(page_id=page.id, user_id=user.id, seen_at=now).on_conflict_do_update(
        index_elements=[PageEditing.page_id, PageEditing.user_id], set_={"seen_at": now},
        where=None if opened else PageEditing.seen_at > CLOSED))
    recent = now - timedelta(seconds=EDITING_WINDOW_SECONDS)
    others = session.scalars(select(PageEditing).where(PageEditing.page_id == page.id,
                                                       PageEditing.user_id != user.id,
                                                       PageEditing.seen_at >= recent)
                             .order_by(PageEditing.seen_at)).all()
    return [row.user for row in others if row.user.is_active]


def leave_editing(session: Session, user, page: Page | None = None) -> None:
    """`user` has closed the page (or, without one, every page): once they submit, publish or
    leave, nobody should be told they still have it open."""
    # Marked closed rather than deleted, so that a late heartbeat from it is recognised as late.
    stmt = update(PageEditing).where(PageEditing.user_id == user.id).values(seen_at=CLOSED)
    session.execute(stmt if page is None else stmt.where(PageEditing.page_id == page.id))


def is_public(page: Page) -> bool:
    return page.live_revision_id is not None and page.status != ARCHIVED


# Documents and images. Uploading one, or asking to remove a public one, is a change to the
# page like a save: it waits for a publisher. Removing one nobody can see is immediate, and
# so is a publisher's removal of a public one (a file with personal data in it must come
# down at once).

def _file_details(attachment: Attachment) -> tuple[str, dict]:
    return (f"{attachment.title} ({attachment.filename})",
            {"attachment": attachment.id, "title": attachment.title, "filename": attachment.filename})


def add_file(session: Session, page: Page, actor, files, *, filename: str, data: bytes, title: str,
             alt_text: str, now: datetime) -> Attachment:
    """Upload a document or image to the page; public from the page's next publication.
    Raises attachments.UploadError (naming the field) for a file that is not accepted."""
    if page.status == ARCHIVED:
        raise WorkflowError("Archived pages cannot be changed; restore a revision to bring the page back")
    added = attachments.store(session, page, actor, files, filename=filename, data=data, title=title,
                              alt_text=alt_text, now=now)
    session.flush()
    comment, details = _file_details(added)
    _event(session, page, actor, "document_added", now, comment=comment, details=details)
    _reopen(session, page, actor, now)
    return added


REMOVED, TAKEN_DOWN, REMOVAL_REQUESTED = "removed", "taken_down", "removal_requested"


def remove_file(session: Session, page: Page, attachment: Attachment, actor, now: datetime, *,
                at_once: bool) -> str:
    """Remove a document or image from the page. One the public cannot see goes at once
    (REMOVED); a public one goes at once when `at_once` (a publisher's decision: TAKEN_DOWN,
    the public page changes now), otherwise at the next publication (REMOVAL_REQUESTED)."""
    public = attachment.published_at is not None and is_public(page)
    comment, details = _file_details(attachment)
    if public and not at_once:
        if attachment.removal_requested_at is not None:
            return REMOVAL_REQUESTED
        attachment.removal_requested_at, attachment.removal_requested_by_id = now, actor.id if actor else None
        _event(session, page, actor, "document_removal_requested", now, comment=comment, details=details)
        _reopen(session, page, actor, now)
        return REMOVAL_REQUESTED
    attachments.discard(session, attachment)
    _event(session, page, actor, "document_removed", now, comment=comment + (", taken off the website" if public
                                                                              else ", never public"),
           details={**details, "public": public})
    if public:
        cache.bump(session, now)
    _settle(page)
    return TAKEN_DOWN if public else REMOVED


def keep_file(session: Session, page: Page, attachment: Attachment, actor, now: datetime) -> None:
    """Withdraw a request to remove a public document or image."""
    if attachment.removal_requested_at is None:
        return
    attachment.removal_requested_at = attachment.removal_requested_by_id = None
    comment, details = _file_details(attachment)
    _event(session, page, actor, "document_removal_cancelled", now, comment=comment, details=details)
    _settle(page)


def _publish_files(session: Session, page: Page, actor, now: datetime) -> None:
    """At go-live: files uploaded since the last publication become public, and those an
    author asked to remove go."""
    for attachment in list(page.attachments):
        comment, details = _file_details(attachment)
        if attachment.removal_requested_at is not None:
            asked = attachment.removal_requested_by
            attachments.discard(session, attachment)
            _event(session, page, actor, "document_removed", now,
                   comment=f"{comment}, as {asked.name if asked else 'an editor'} asked",
                   details={**details, "public": True})
        elif attachment.published_at is None:
            attachment.published_at = now
            _event(session, page, actor, "document_published", now, comment=comment, details=details)


def has_changes_to_publish(page: Page) -> bool:
    """Whether publishing would change what the public sees of this live page."""
    return (page.latest_revision_id != page.live_revision_id
            or placement(page.latest_revision) != Placement.of(page)
            or any(a.published_at is None or a.removal_requested_at is not None for a in page.attachments))


def _settle(page: Page) -> None:
    """A live page made a draft only by a file change that has been undone is published again."""
    if page.status == DRAFT and is_public(page) and page.publish_at is None and not has_changes_to_publish(page):
        page.status = PUBLISHED
