"""A page's editing life: create, save (a revision each time), submit, publish, return,
unpublish, archive, restore. Plain functions taking a session, the actor and `now`;
views check permissions before calling them (ieg.security.require), and commit after.

States (DESIGN.md 3.2): draft -> in_review -> published -> archived, and a publisher may
return a page to draft with a comment. The status describes the latest revision; the
public sees `live_revision`, which stays up while a new draft of a live page is worked on.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ieg import audit, cache
from ieg.content import accessibility, markdown
from ieg.models.content import (ARCHIVED, DRAFT, IN_REVIEW, PUBLISHED, AzAlias, LgslService, Page, PageEditing,
                                PageEvent, PageRedirect, PageRevision, PageService, Section)

SLUG_MAX = 120
EDITING_WINDOW_SECONDS = 120


class PageError(ValueError):
    """The editor's input cannot be saved; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


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
            "slug": self.slug, "parent_id": self.parent_id, "lgsl_ids": sorted(set(self.lgsl_ids)),
            "outcome_refs": sorted(set(self.outcome_refs)), "az_aliases": self.az_aliases,
            "owner_name": self.owner_name, "review_by": self.review_by.isoformat() if self.review_by else None,
            "egms_subject_keywords": self.egms_subject_keywords, "egms_coverage": self.egms_coverage,
        }

    @classmethod
    def from_revision(cls, revision: PageRevision) -> "PageInput":
        meta = revision.meta or {}
        review = meta.get("review_by")
        return cls(title=revision.title, summary=revision.summary, body_markdown=revision.body_markdown,
                   slug=meta.get("slug", ""), parent_id=meta.get("parent_id"), lgsl_ids=meta.get("lgsl_ids", []),
                   outcome_refs=meta.get("outcome_refs", []), az_aliases=meta.get("az_aliases", []),
                   owner_name=meta.get("owner_name", ""), review_by=date.fromisoformat(review) if review else None,
                   egms_subject_keywords=meta.get("egms_subject_keywords", ""),
                   egms_coverage=meta.get("egms_coverage", ""))

    def apply_placement(self, page: Page, session: Session) -> None:
        """Where the page shows (home page tasks, order in lists): page settings, not content."""
        if (page.is_top_task, page.sort_order) != (self.top_task, self.sort_order):
            page.is_top_task, page.sort_order = self.top_task, self.sort_order
            if is_public(page):
                cache.bump(session)


def slugify(text: str) -> str:
    """'Bin collection days & times' -> 'bin-collection-days-and-times'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "page"


# Page events that change what the public sees also go in the audit log (ieg.audit.ACTIONS).
AUDITED = {"published": "page.publish", "unpublished": "page.unpublish", "archived": "page.archive"}


def _event(session: Session, page: Page, actor, action: str, now: datetime, comment: str = "",
           revision: PageRevision | None = None) -> None:
    session.add(PageEvent(page_id=page.id, actor_id=actor.id if actor else None, action=action, comment=comment,
                          revision_id=revision.id if revision else None, at=now))
    if action in AUDITED:
        audit.record(session, actor, AUDITED[action], f"page:{page.id}", {
            "section": page.section.slug if page.section else None, "slug": page.slug, "comment": comment,
            "revision": revision.number if revision else None, "scheduled": actor is None}, now)


def _check_structure(session: Session, page: Page | None, section: Section, data: PageInput) -> None:
    if not data.title.strip():
        raise PageError("Enter a title", "title")
    if len(data.title) > 200:
        raise PageError("Title must be 200 characters or fewer", "title")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data.slug or ""):
        raise PageError("Web address must use only lower-case letters, numbers and single hyphens", "slug")
    clash = session.scalar(select(Page).where(Page.section_id == section.id, Page.slug == data.slug))
    if clash is not None and clash is not page:
        raise PageError(f"Another page in this section, {clash.title}, already uses this web address", "slug")
    if data.parent_id is not None:
        parent = session.get(Page, data.parent_id)
        if parent is None or parent.section_id != section.id:
            raise PageError("Choose a parent page from this section", "parent_id")
        ancestor = parent
        while ancestor is not None:
            if page is not None and ancestor.id == page.id:
                raise PageError("A page cannot sit under itself or one of its own sub-pages", "parent_id")
            ancestor = ancestor.parent
    unknown = set(data.lgsl_ids) - set(session.scalars(select(LgslService.id).where(
        LgslService.id.in_(data.lgsl_ids or [-1]))))
    if unknown:
        raise PageError(f"Unknown LGSL service code{'s' if len(unknown) > 1 else ''}: "
                        f"{', '.join(map(str, sorted(unknown)))}", "lgsl_ids")


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
    _check_structure(session, None, section, data)
    page = Page(section_id=section.id, section=section, parent_id=data.parent_id, slug=data.slug, status=DRAFT,
                owner_name=data.owner_name.strip(), review_by=data.review_by, created_at=now, updated_at=now)
    session.add(page)
    session.flush()
    data.apply_placement(page, session)
    revision = _new_revision(session, page, actor, data, now)
    _event(session, page, actor, "created", now, revision=revision)
    return page


def save_page(session: Session, page: Page, actor, data: PageInput, now: datetime) -> PageRevision:
    """Every save is a new revision. Saving a page in review or live makes a new draft;
    the live revision stays public until the new one is published."""
    if page.status == ARCHIVED:
        raise WorkflowError("Archived pages cannot be changed; restore a revision to bring the page back")
    data.slug = data.slug or page.slug
    _check_structure(session, page, page.section, data)
    _move(session, page, data.slug, data.parent_id, now)
    page.owner_name, page.review_by = data.owner_name.strip(), data.review_by
    data.apply_placement(page, session)
    revision = _new_revision(session, page, actor, data, now)
    page.status = DRAFT
    page.updated_at = now
    _event(session, page, actor, "saved", now, comment=data.note, revision=revision)
    return revision


def _move(session: Session, page: Page, slug: str, parent_id: int | None, now: datetime) -> None:
    """Change the page's address; once it has been public, the old address redirects."""
    if (slug, parent_id) == (page.slug, page.parent_id):
        return
    was_public = page.first_published_at is not None
    if is_public(page):
        cache.bump(session, now)  # its address, breadcrumbs and section lists change
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


def _descendants(page: Page) -> list[Page]:
    found, stack = [], list(page.children)
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(child.children)
    return found


def check(page: Page) -> list[accessibility.Finding]:
    """Accessibility findings for the latest revision (DESIGN.md 3.2)."""
    revision = page.latest_revision
    documents = [accessibility.Document(title=a.title, filename=a.filename) for a in page.attachments]
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


def publish(session: Session, page: Page, actor, now: datetime, comment: str = "",
            at: datetime | None = None) -> None:
    """Approve and publish the latest revision now, or schedule it for `at`."""
    if page.status not in (DRAFT, IN_REVIEW):
        raise WorkflowError("There is no new version of this page to publish")
    findings = check(page)
    if accessibility.blocking(findings):
        raise AccessibilityErrors(findings)
    if at is not None and at > now:
        page.status = IN_REVIEW
        page.publish_at = at
        _event(session, page, actor, "scheduled", now, comment=f"Publishes {at.isoformat()}. {comment}".strip(),
               revision=page.latest_revision)
        return
    _go_live(session, page, actor, now, comment)


def _go_live(session: Session, page: Page, actor, now: datetime, comment: str = "") -> None:
    revision = page.latest_revision
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
    data.slug, data.parent_id = page.slug, page.parent_id  # restore content, not the old address
    page.status = DRAFT
    new = _new_revision(session, page, actor, data, now, note=f"Restored from revision {revision.number}")
    page.updated_at = now
    _event(session, page, actor, "restored", now, comment=f"From revision {revision.number}", revision=new)
    return new


def run_schedule(session: Session, now: datetime) -> tuple[int, int]:
    """Publish and unpublish what is due (the scheduler's job). Returns (published, unpublished)."""
    due = session.scalars(select(Page).where(Page.publish_at.is_not(None), Page.publish_at <= now,
                                             Page.status == IN_REVIEW)).all()
    for page in due:
        _go_live(session, page, None, now, "Scheduled publication")
    ending = session.scalars(select(Page).where(Page.unpublish_at.is_not(None), Page.unpublish_at <= now,
                                                Page.live_revision_id.is_not(None))).all()
    for page in ending:
        unpublish(session, page, None, now, "Scheduled removal")
    return len(due), len(ending)


def schedule_unpublish(session: Session, page: Page, actor, now: datetime, at: datetime | None) -> None:
    page.unpublish_at = at
    _event(session, page, actor, "unpublish_scheduled" if at else "unpublish_cancelled", now,
           comment=at.isoformat() if at else "")


def touch_editing(session: Session, page: Page, user, now: datetime) -> list:
    """Record that `user` has the page open; return the other users editing it now."""
    row = session.get(PageEditing, (page.id, user.id))
    if row is None:
        session.add(PageEditing(page_id=page.id, user_id=user.id, seen_at=now))
    else:
        row.seen_at = now
    from datetime import timedelta
    recent = now - timedelta(seconds=EDITING_WINDOW_SECONDS)
    others = session.scalars(select(PageEditing).where(PageEditing.page_id == page.id,
                                                       PageEditing.user_id != user.id,
                                                       PageEditing.seen_at >= recent)).all()
    return [row.user for row in others]


def is_public(page: Page) -> bool:
    return page.live_revision_id is not None and page.status != ARCHIVED
