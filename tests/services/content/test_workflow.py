"""A page's moves through review as one service: each step chosen by name, the outcome the
editor is told, and nothing done when a step is refused (docs/design.md 3.3)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg.content import notify, pages, workflow
from ieg.content.pages import PageInput
from ieg.models import OutboxMessage
from ieg.timeutil import format_local, utcnow

from tests.services.content.test_pages import GOOD, VAGUE, ctx as pages_ctx  # noqa: F401 (a fixture)

ZONE = "Europe/London"


@pytest.fixture
def ctx(app, pages_ctx):
    """The page tests' section, author and publisher, and a mailer."""
    return (*pages_ctx, notify.Mailer.from_config(app.config))


def _apply(ctx, page, actor, action, **given):
    session, *_, mailer = ctx
    return workflow.apply(session, page, actor, utcnow(), action, mailer=mailer, zone=ZONE, **given)


def _page(ctx, body=GOOD):
    session, waste, author, *_ = ctx
    return pages.create_page(session, waste, author, PageInput(title="Bin collections", body_markdown=body,
                                                               owner_name="Wendy"), utcnow())


def test_authors_submit_and_publishers_do_the_rest():
    assert workflow.NEEDS == {"submit": "section.edit", "publish": "section.publish", "return": "section.publish",
                              "unpublish": "section.publish", "archive": "section.publish",
                              "schedule-removal": "section.publish"}


def test_submit_then_publish_says_where_the_page_is_live_and_tells_the_author(ctx):
    session, waste, author, publisher, _ = ctx
    page = _page(ctx)
    submitted = _apply(ctx, page, author, "submit")
    assert submitted == workflow.Outcome(
        True, "Submitted for review. A publisher for Waste and recycling will approve it or return it.")
    assert page.status == "in_review"
    sent = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()))
    assert _apply(ctx, page, publisher, "publish", comment="Good") == workflow.Outcome(
        True, "Published. The page is live at /waste-and-recycling/bin-collections")
    assert page.status == "published"
    assert session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc())) != sent  # the author told


def test_a_page_with_accessibility_errors_is_not_submitted_and_the_checks_say_why(ctx):
    page = _page(ctx, VAGUE)
    assert _apply(ctx, page, ctx[2], "submit") == workflow.Outcome(
        False, "Not submitted: fix the accessibility errors listed below, then submit again.", "checks")
    assert page.status == "draft"


def test_publishing_later_says_when(ctx):
    page = _page(ctx)
    _apply(ctx, page, ctx[2], "submit")
    when = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    outcome = _apply(ctx, page, ctx[3], "publish", at=when)
    assert outcome == workflow.Outcome(True, f"Scheduled: the page will be published {format_local(when, ZONE)}.")
    assert page.publish_at == when


def test_return_needs_a_comment_and_a_refusal_is_not_done(ctx):
    page = _page(ctx)
    _apply(ctx, page, ctx[2], "submit")
    refused = _apply(ctx, page, ctx[3], "return", comment="")
    assert not refused.done and refused.message and page.status == "in_review"
    assert _apply(ctx, page, ctx[3], "return", comment="Say which day") == workflow.Outcome(
        True, "Returned to the author with your comment.")
    assert page.status == "draft"


def test_a_step_that_does_not_apply_says_so(ctx):
    page = _page(ctx)
    assert _apply(ctx, page, ctx[3], "unpublish") == workflow.Outcome(False, "The page is not published")
    with pytest.raises(KeyError):
        _apply(ctx, page, ctx[3], "delete")


def test_removal_is_scheduled_or_cancelled(ctx):
    page = _page(ctx)
    when = (utcnow() + timedelta(days=30)).replace(second=0, microsecond=0)
    assert _apply(ctx, page, ctx[3], "schedule-removal", at=when) == workflow.Outcome(
        True, f"The page will be removed {format_local(when, ZONE)}.")
    assert page.unpublish_at == when
    assert _apply(ctx, page, ctx[3], "schedule-removal") == workflow.Outcome(True, "Scheduled removal cancelled.")
    assert page.unpublish_at is None
