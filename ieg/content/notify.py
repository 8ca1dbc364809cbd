"""Emails about pages: to publishers when a page is submitted, to the author when it is
returned or published, and review reminders to the section's editors. All through the
outbox, in the same transaction as the change."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.mail.outbox import enqueue
from ieg.models import Page, PageEvent, ReviewReminder, SectionGrant, User, UserRole
from ieg.models.content import ARCHIVED

REMIND_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class Mailer:
    base_url: str
    sender_domain: str
    council: str

    @classmethod
    def from_config(cls, config) -> "Mailer":
        domain = parseaddr(config["MAIL_FROM"])[1].partition("@")[2] or "localhost"
        return cls(config["BASE_URL"].rstrip("/"), domain, config["COUNCIL_NAME"])

    def send(self, session: Session, to: User, subject: str, body: str, now: datetime, purpose: str) -> None:
        if to.is_active:
            enqueue(session, to=to.email, subject=subject, now=now, sender_domain=self.sender_domain,
                    purpose=purpose, body=f"Dear {to.name},\n\n{body}\n\n{self.council} website\n")

    def edit_link(self, page: Page) -> str:
        return f"{self.base_url}/edit/pages/{page.id}"


def section_editors(session: Session, section_id: int, role: str | None = None) -> list[User]:
    query = select(User).join(SectionGrant).where(SectionGrant.section_id == section_id)
    if role:
        query = query.where(SectionGrant.role == role)
    return list(dict.fromkeys(session.scalars(query.order_by(User.name))))


def _author(session: Session, page: Page) -> User | None:
    """Who submitted the page for review, or failing that who last saved it."""
    submitter = session.scalar(select(User).join(PageEvent, PageEvent.actor_id == User.id).where(
        PageEvent.page_id == page.id, PageEvent.action == "submitted").order_by(PageEvent.id.desc()))
    return submitter or (page.latest_revision.author if page.latest_revision else None)


def _admins(session: Session) -> list[User]:
    return list(session.scalars(select(User).join(UserRole).where(UserRole.role == "admin")))


def submitted(session: Session, mailer: Mailer, page: Page, actor: User, now: datetime) -> int:
    recipients = [u for u in section_editors(session, page.section_id, "publisher") if u.id != actor.id]
    if not recipients:  # a section with no publisher yet: the administrators decide
        recipients = _admins(session)
    for user in recipients:
        mailer.send(session, user, f"For approval: {page.title} ({page.section.title})",
                    f"{actor.name} has submitted \"{page.title}\" in {page.section.title} for approval.\n\n"
                    f"Review it, then approve and publish it or return it with a comment:\n{mailer.edit_link(page)}",
                    now, "page.submitted")
    return len(recipients)


def returned(session: Session, mailer: Mailer, page: Page, actor: User, comment: str, now: datetime) -> None:
    author = _author(session, page)
    if author and author.id != actor.id:
        mailer.send(session, author, f"Changes needed: {page.title}",
                    f"{actor.name} has returned \"{page.title}\" to you with this comment:\n\n{comment}\n\n"
                    f"Make the changes and submit it again:\n{mailer.edit_link(page)}", now, "page.returned")


def published(session: Session, mailer: Mailer, page: Page, actor: User | None, now: datetime) -> None:
    author = _author(session, page)
    if author and (actor is None or author.id != actor.id):
        who = actor.name if actor else "The scheduler"
        mailer.send(session, author, f"Published: {page.title}",
                    f"{who} has published \"{page.title}\". It is live at:\n{mailer.base_url}{page.public_path}",
                    now, "page.published")


def not_published(session: Session, mailer: Mailer, page: Page, reason: str, now: datetime) -> None:
    """A scheduled publication the scheduler could not make: the section's publishers fix it."""
    for user in section_editors(session, page.section_id, "publisher") or _admins(session):
        mailer.send(session, user, f"Not published: {page.title}",
                    f"The scheduled publication of \"{page.title}\" in {page.section.title} did not happen. "
                    f"{reason}\n\nThe live page is as it was. Fix the page, then publish it again:\n"
                    f"{mailer.edit_link(page)}", now, "page.not_published")


def review_reminders(session: Session, mailer: Mailer, today: date, now: datetime) -> int:
    """Remind each section's editors of pages due for review within 14 days ("ahead")
    and on or after the date ("due"); each reminder is sent once."""
    sent = 0
    candidates = session.scalars(select(Page).where(Page.status != ARCHIVED, Page.review_by.is_not(None),
                                                    Page.review_by <= today + REMIND_AHEAD)).all()
    for page in candidates:
        kind = "due" if page.review_by <= today else "ahead"
        already = session.scalar(select(ReviewReminder).where(
            ReviewReminder.page_id == page.id, ReviewReminder.review_by == page.review_by,
            ReviewReminder.kind == kind))
        if already:
            continue
        when = page.review_by.strftime("%-d %B %Y")
        subject = (f"Review overdue: {page.title}" if page.review_by < today else
                   f"Review due today: {page.title}" if page.review_by == today else
                   f"Review due {when}: {page.title}")
        for user in section_editors(session, page.section_id):
            mailer.send(session, user, subject,
                        f"\"{page.title}\" in {page.section.title} must be reviewed by {when}. Its owner is "
                        f"{page.owner_name or 'not named'}.\n\nCheck it is still right, update it or set a new "
                        f"review date:\n{mailer.edit_link(page)}", now, f"review.{kind}")
        session.add(ReviewReminder(page_id=page.id, review_by=page.review_by, kind=kind, sent_at=now))
        sent += 1
    return sent
