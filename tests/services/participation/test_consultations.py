"""A consultation's life: created with its page, opened and closed by the clock, responded to,
changed by link, closed early, its outcome written and published, then concluded; alerts raised."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ieg.content import pages
from ieg.evidence.reports import Period
from ieg.models import Alert, AuditEntry, ConsultationResponse, OutboxMessage, Page
from ieg.models.mail import BULK
from ieg.participation import consultations, responses, subscriptions
from ieg.participation.consultations import ConsultationError, ConsultationInput, StateError
from ieg.participation.responses import AboutYou, Closed, ResponseError
from tests.services.participation.conftest import BODY, MAILING, NOW, make_consultation

ANSWERS = {"do_you_support_the_zone": "No", "any_other_comments": "Too many signs"}




def test_created_with_a_draft_page_in_its_section_and_checked(ctx):
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher, publish=False)
    assert c.page.section_id == roads.id and c.page.status == "draft" and c.status == "upcoming"
    assert not consultations.is_public(c)
    assert "full plan" in c.page.latest_revision.body_html
    with pytest.raises(ConsultationError) as caught:
        consultations.create(session, author, NOW, roads, ConsultationInput(
            title="", summary="", background=" ", opens_at=NOW, closes_at=NOW, slug=c.slug))
    assert set(caught.value.errors) == {"title", "summary", "background", "closes_at", "slug"}
    with pytest.raises(ConsultationError) as caught:
        consultations.create(session, author, NOW, roads, ConsultationInput(
            title="Other", summary="s", background=BODY, opens_at=NOW, closes_at=NOW + timedelta(1), slug=c.slug))
    assert set(caught.value.errors) == {"slug"}
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "consultation.create")) == 1


def test_the_clock_opens_and_closes_it_and_followers_hear_once(ctx):
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher, opens=NOW + timedelta(hours=1))
    for n, topics in enumerate(([("section", "roads-and-transport")], [("consultations", "all")],
                                [("section", "parks")])):
        subscriptions.subscribe(session, NOW, email=f"r{n}@example.org", topics=topics, frequency="immediate",
                                links=MAILING.links, council=MAILING.council, sender_domain=MAILING.sender_domain)
    for subscriber in session.scalars(select(subscriptions.Subscriber)):
        if subscriber.email != "r1@example.org":
            subscriptions.confirm(session, NOW, subscriber)
    assert consultations.refresh(session, NOW, MAILING)["open"] == 0
    assert consultations.refresh(session, NOW + timedelta(hours=1), MAILING)["open"] == 1
    assert c.status == "open"
    consultations.refresh(session, NOW + timedelta(hours=2), MAILING)  # again: no second alert
    alerts = session.scalars(select(Alert)).all()
    assert len(alerts) == 1 and alerts[0].recipients == 1  # r1 never confirmed; r2 follows parks
    sent = session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "alert")).all()
    assert [m.to_address for m in sent] == ["r0@example.org"] and sent[0].priority == BULK
    assert sent[0].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent[0].headers["List-Unsubscribe"].startswith("<https://council.example/alerts/unsubscribe/")
    assert "/consultations/station-parking-zone" in sent[0].body_text
    assert consultations.refresh(session, c.closes_at, MAILING)["closed"] == 1 and c.status == "closed"


def test_an_unpublished_consultation_raises_no_alert(ctx):
    session, roads, author, publisher = ctx
    make_consultation(session, roads, author, publisher, publish=False)
    consultations.refresh(session, NOW, MAILING)
    assert session.scalar(select(func.count()).select_from(Alert)) == 0


def test_responses_duplicates_and_changes_by_link(ctx):
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher)
    with pytest.raises(Closed):
        responses.submit(session, NOW, c, ANSWERS, AboutYou())
    consultations.refresh(session, NOW, None)
    first = responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="as1 2bc", publish="anonymous"))
    assert first.reference.startswith("CON-") and first.postcode == "AS1 2BC" and first.duplicate_of_id is None
    again = responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="AS1 2BC"))
    assert again.duplicate_of_id == first.id  # kept, and flagged
    by_email = responses.submit(session, NOW, c, {"do_you_support_the_zone": "Yes"},
                                AboutYou(email="a@example.org"))
    other = responses.submit(session, NOW, c, {"do_you_support_the_zone": "Yes"}, AboutYou(email="A@example.org"))
    assert by_email.duplicate_of_id is None and other.duplicate_of_id == by_email.id
    assert responses.count(session, c) == 4
    with pytest.raises(ResponseError) as caught:
        responses.submit(session, NOW, c, {"do_you_support_the_zone": "Perhaps"}, AboutYou(postcode="nope",
                                                                                          publish="named"))
    assert set(caught.value.errors) == {"do_you_support_the_zone"}
    with pytest.raises(ResponseError) as caught:
        responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="nope", publish="named"))
    assert set(caught.value.errors) == {"postcode", "name"}
    assert responses.for_link(session, c, first.id, "wrong") is None
    found = responses.for_link(session, c, first.id, first.edit_key)
    responses.change(session, NOW + timedelta(days=1), c, found, {"do_you_support_the_zone": "Yes"},
                     AboutYou(postcode="AS1 2BC", publish="anonymous", satisfaction="4"))
    assert found.answers == {"do_you_support_the_zone": "Yes"} and found.satisfaction == 4
    assert found.duplicate_of_id is None  # no longer the same answers as the second
    result = responses.results(session, c)
    assert result.total == 4 and dict(result.by_question["do_you_support_the_zone"]) == {
        "Yes": 3, "No": 1, "Not sure": 0}
    with pytest.raises(StateError):  # the questions are fixed once people have answered
        consultations.remove_question(session, c, "any_other_comments")
    consultations.refresh(session, c.closes_at, None)
    with pytest.raises(Closed):
        responses.change(session, c.closes_at, c, found, ANSWERS, AboutYou())


def test_conclusion_needs_the_published_outcome_and_alerts_followers(ctx):
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher)
    consultations.refresh(session, NOW, None)
    responses.submit(session, NOW, c, ANSWERS, AboutYou(name="Jo Bloggs", publish="named"))
    with pytest.raises(StateError):
        consultations.save_outcome(session, author, NOW, c, "Most said no", "We will not go ahead.")
    with pytest.raises(StateError, match="must close"):
        consultations.conclude(session, publisher, NOW, c, MAILING)
    consultations.close_now(session, publisher, NOW + timedelta(days=3), c)
    assert c.status == "closed" and c.closes_at == NOW + timedelta(days=3)
    subscriptions.subscribe(session, NOW, email="fan@example.org", topics=[("ward", "Station")],
                            frequency="immediate", links=MAILING.links, council=MAILING.council,
                            sender_domain=MAILING.sender_domain)
    subscriptions.confirm(session, NOW, subscriptions.by_key(session, session.scalar(
        select(subscriptions.Subscriber.key))))
    page = consultations.save_outcome(session, author, NOW + timedelta(days=4), c, "Most said no.",
                                      "## What we did\n\nWe will not go ahead with the zone.\n")
    assert page.section_id == roads.id and page.status == "draft"
    with pytest.raises(StateError, match="Publish"):
        consultations.conclude(session, publisher, NOW + timedelta(days=4), c, MAILING)
    pages.submit(session, page, author, NOW + timedelta(days=4))
    pages.publish(session, page, publisher, NOW + timedelta(days=4))
    consultations.conclude(session, publisher, NOW + timedelta(days=5), c, MAILING)
    assert c.status == "concluded"
    alert = session.scalar(select(Alert))
    assert alert.title.startswith("We asked, you said, we did") and alert.recipients == 1
    assert consultations.refresh(session, NOW + timedelta(days=60), None) == {"upcoming": 0, "open": 0, "closed": 0}
    lists = consultations.public_lists(session)
    assert lists["closed"] == [c] and responses.published(session, c)[0]["respondent"] == "Jo Bloggs"


def test_update_saves_a_new_page_revision_waiting_for_a_publisher(ctx):
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher)
    live = c.page.live_revision_id
    consultations.update(session, author, NOW, c, ConsultationInput(
        title=c.title, summary=c.summary, background=BODY + "\nMore detail.\n", opens_at=c.opens_at,
        closes_at=c.closes_at, wards=["Station", "Mill"]))
    assert c.page.live_revision_id == live and c.page.latest_revision_id != live and c.page.status == "draft"
    assert c.wards == ["Station", "Mill"]
    assert session.get(Page, c.page_id).latest_revision.body_markdown.endswith("More detail.\n")


def test_the_open_alert_gives_the_closing_time_in_uk_time(ctx):
    session, roads, author, publisher = ctx
    # Opens in summer (BST) at 09:00 UTC, closes in winter: 23:59 GMT on a January day.
    c = make_consultation(session, roads, author, publisher)
    c.closes_at = datetime(2027, 1, 15, 23, 59, tzinfo=timezone.utc)
    summer = make_consultation(session, roads, author, publisher, title="Mill Lane calming", days=10)
    summer.closes_at = datetime(2026, 6, 10, 22, 59, tzinfo=timezone.utc)
    consultations.refresh(session, NOW, MAILING)
    summaries = {a.title: a.summary for a in session.scalars(select(Alert))}
    assert "Open until 11:59pm on Friday 15 January 2027." in summaries["Have your say: Station parking zone"]
    assert "Open until 11:59pm on Wednesday 10 June 2026." in summaries["Have your say: Mill Lane calming"]
    assert not any("UTC" in s for s in summaries.values())


def test_staff_mark_a_flagged_response_genuine_or_excluded_and_excluded_ones_are_not_counted(ctx):
    from ieg.input_errors import InputError
    from ieg.participation import measures
    session, roads, author, publisher = ctx
    c = make_consultation(session, roads, author, publisher)
    consultations.refresh(session, NOW, None)
    first = responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="AS1 2BC", publish="anonymous"))
    second = responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="AS1 2BC", publish="anonymous"))
    third = responses.submit(session, NOW, c, ANSWERS, AboutYou(postcode="AS1 2BC", publish="named", name="Al"))
    assert responses.results(session, c).duplicates == 2
    with pytest.raises(InputError):
        responses.review(session, author, NOW, first, "excluded")  # not flagged: nothing to decide
    with pytest.raises(InputError):
        responses.review(session, author, NOW, second, "deleted")
    later = NOW + timedelta(hours=2)
    responses.review(session, author, later, second, "genuine")
    responses.review(session, author, later, third, "excluded")
    assert (third.review, third.reviewed_by_id, third.reviewed_at) == ("excluded", author.id, later)
    result = responses.results(session, c)
    assert (result.total, result.duplicates, result.excluded) == (2, 0, 1)
    assert dict(result.by_question["do_you_support_the_zone"])["No"] == 2
    assert responses.count(session, c) == 2
    assert len(responses.all_for(session, c)) == 3  # kept
    published = responses.published(session, c)
    assert len(published) == 2 and "Al" not in [r["respondent"] for r in published]
    consultations.close_now(session, publisher, NOW + timedelta(days=1), c)
    june = Period(date(2026, 6, 1), date(2026, 6, 30))
    assert measures.r15(session, june, NOW, "Europe/London").measures["published"] == 2
    assert measures.g3(session, june, NOW, "Europe/London").measures["responses"] == 2
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.response.review")).all()
    assert [(e.details["reference"], e.details["to"]) for e in entries] == [
        (second.reference, "genuine"), (third.reference, "excluded")]
    responses.review(session, author, later, third, "")  # undecided again: counted again
    assert responses.results(session, c).total == 3 and third.reviewed_by_id is None


def test_the_live_figures_feed_the_shortfall_rules(ctx):
    """The figures the measures compute are the ones the rules read: a green R15, G3 or E3 is judged."""
    from ieg.evidence import shortfall
    from ieg.participation import measures
    session, roads, author, publisher = ctx
    june = Period(date(2026, 6, 1), date(2026, 6, 30))
    c = make_consultation(session, roads, author, publisher)
    consultations.refresh(session, NOW, None)
    responses.submit(session, NOW, c, ANSWERS, AboutYou(publish="anonymous", satisfaction="5"))
    consultations.close_now(session, publisher, NOW + timedelta(days=1), c)
    for target in measures.MEASURES:
        measures.set_target(session, author, NOW, target, "10", "20", "")
    r15 = measures.r15(session, june, NOW, "Europe/London").finding("green")
    assert (r15.state, r15.flagged) == ("unproven", True)  # closed, but no outcome published yet
    e3 = measures.e3(session, june, NOW, "Europe/London").finding("green")
    assert e3.state == "supports", e3.shows
    g3 = measures.g3(session, june, NOW, "Europe/London").finding("green")
    assert g3.state == "unproven" and g3.shows == "No one has confirmed an alert subscription yet."
    assert set(shortfall.RULES) >= {"R15", "G3", "E3"}
