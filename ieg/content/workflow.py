"""A page's moves through review, in one place: submit, publish (or schedule), return to its
author, unpublish, archive, schedule or cancel its removal. `apply` chooses the step, tells the
people who should know, and says what to show the editor; the caller commits when it is done
and rolls back when it is not."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ieg.content import notify, pages
from ieg.models import Page
from ieg.models.content import PUBLISHED
from ieg.timeutil import format_local

# Each transition and the permission on the page's section it needs: authors submit, publishers
# do the rest.
NEEDS = {"submit": "section.edit", "publish": "section.publish", "return": "section.publish",
         "unpublish": "section.publish", "archive": "section.publish", "schedule-removal": "section.publish"}


@dataclass(frozen=True)
class Outcome:
    """What to tell the editor; `done` False when nothing changed (to be rolled back), and
    `anchor` the part of the page that says why."""
    done: bool
    message: str
    anchor: str | None = None


def apply(session: Session, page: Page, actor, now: datetime, action: str, *, mailer: notify.Mailer, zone: str,
          comment: str = "", at: datetime | None = None, seen: int | None = None) -> Outcome:
    """Move `page` by `action` (one of NEEDS, which the caller has authorised): `comment` goes
    to the author, `at` schedules publication or removal, `seen` is the last event the
    publisher saw before approving."""
    if action == "submit":
        return _submit(session, page, actor, now, mailer)
    if action == "schedule-removal":
        pages.schedule_unpublish(session, page, actor, now, at)
        return Outcome(True, f"The page will be removed {format_local(at, zone)}." if at
                       else "Scheduled removal cancelled.")
    try:
        if action == "publish":
            pages.publish(session, page, actor, now, comment, at=at, seen=seen)
            if page.status == PUBLISHED:
                notify.published(session, mailer, page, actor, now)
        elif action == "return":
            pages.return_to_draft(session, page, actor, now, comment)
            notify.returned(session, mailer, page, actor, comment, now)
        elif action == "unpublish":
            pages.unpublish(session, page, actor, now, comment)
        elif action == "archive":
            pages.archive(session, page, actor, now, comment)
        else:
            raise KeyError(action)
    except pages.AccessibilityErrors:
        return Outcome(False, "Not published: the page has accessibility errors, listed below.")
    except pages.PageError as error:
        return Outcome(False, f"Not published. {error}" if action == "publish" else str(error))
    except pages.WorkflowError as error:
        return Outcome(False, str(error))
    pages.leave_editing(session, actor, page)
    return Outcome(True, {
        "publish": (f"Scheduled: the page will be published {format_local(page.publish_at, zone)}."
                    if page.publish_at else f"Published. The page is live at {page.public_path}"),
        "return": "Returned to the author with your comment.",
        "unpublish": "Unpublished. The page is no longer public.",
        "archive": "Archived. The page is no longer public."}[action])


def _submit(session: Session, page: Page, actor, now: datetime, mailer: notify.Mailer) -> Outcome:
    try:
        warnings = pages.submit(session, page, actor, now)
        notify.submitted(session, mailer, page, actor, now)
    except pages.AccessibilityErrors:
        return Outcome(False, "Not submitted: fix the accessibility errors listed below, then submit again.",
                       "checks")
    except pages.WorkflowError as error:
        return Outcome(False, str(error))
    pages.leave_editing(session, actor, page)  # done with it: others need not wait for them
    note = f" There {'is' if len(warnings) == 1 else 'are'} {len(warnings)} warning(s) to consider." if warnings else ""
    return Outcome(True, f"Submitted for review. A publisher for {page.section.title} will approve it or return it."
                         f"{note}")
