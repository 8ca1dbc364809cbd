"""The demo council's consultations and alert subscribers: a closed controlled-parking-zone
consultation with 400 responses and its "You said, we did" page, an open traffic-calming one, an
upcoming one, a few hundred subscribers and the E3 targets. Each consultation is a story on the
demo's calendar (ieg.demo.history), made through the same services editors use, so its audit
entries fall in time order. Idempotent: a consultation already there is left alone. Responses are
drawn from a fixed seed, so every load is the same."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import pages
from ieg.models import Consultation, ParticipationTarget, Section, Subscriber, Subscription, User
from ieg.participation import consultations, measures, responses, subscriptions, surveys
from ieg.participation.consultations import ConsultationInput
from ieg.participation.responses import AboutYou

ROADS = "roads-and-transport"
CPZ_BACKGROUND = """## What we propose

Residents near the station and the High Street tell us they cannot park near their homes on weekdays,
because commuters and shoppers use the streets all day. We propose a controlled parking zone (CPZ):
Monday to Friday, 9am to 5pm, permit holders only, with pay-and-display bays for short visits.

## Who it affects

Streets within about 400 metres of Ashdown station and the High Street: Station Road, Mill Lane,
Church Street, Victoria Terrace and the roads between them.

## Permits

| Permit | Price a year |
|---|---|
| First resident permit | £60 |
| Second resident permit | £95 |
| Business permit | £250 |

Read more about [parking in Ashdown](/roads-and-transport/).
"""
CALMING_BACKGROUND = """## What we propose

Two raised speed tables and a 20 mph limit on Mill Lane between the bridge and the primary school,
after residents' reports of speeding and two collisions in the last year.

Read more about [roads and transport](/roads-and-transport/).
"""
UPCOMING_BACKGROUND = """## What we will ask

Where new electric vehicle charging points should go in council car parks and on streets without
off-street parking. The consultation opens soon; follow [roads and transport](/roads-and-transport/)
to hear when.
"""
CPZ_QUESTIONS = (
    surveys.QuestionInput("one_choice", "Do you support a controlled parking zone?", options="Yes\nNo\nNot sure"),
    surveys.QuestionInput("scale", "It is hard to park near my home on weekdays"),
    surveys.QuestionInput("several_choices", "Which permits would you need?", required=False,
                          options="Resident\nVisitor\nBusiness\nNone"),
    surveys.QuestionInput("long_text", "Anything else you want to tell us?", required=False),
)
CALMING_QUESTIONS = (
    surveys.QuestionInput("scale", "Mill Lane needs traffic calming"),
    surveys.QuestionInput("one_choice", "Which measure do you prefer?",
                          options="Speed tables\nA 20 mph limit\nBoth\nNeither"),
    surveys.QuestionInput("long_text", "Anything else?", required=False),
)
COMMENTS = ("Commuters fill our street from 7am.", "Permits are too expensive for families with two cars.",
            "Please include Victoria Terrace.", "My carers need visitor permits.", "It will just move the problem.",
            "The shops need short-stay bays.", "", "", "", "")
POSTCODES = ("AS1 1AB", "AS1 2CD", "AS1 4MB", "AS2 3EF", "AS2 7GH", "AS3 1JK")
OUTCOME = """## You said

Of 400 responses online and 37 on paper, 61% supported a zone, most strongly in Station Road and
Mill Lane. Many asked for visitor permits for carers and for short-stay bays for the shops.

## We did

The Cabinet agreed the zone on 12 March, with free visitor permits for registered carers and
one-hour bays on the High Street. Church Street is left out, as most of its residents opposed it.
Work starts in June.
"""


def _answers(rng: random.Random, support_share: float) -> tuple[dict, AboutYou]:
    support = "Yes" if rng.random() < support_share else rng.choice(("No", "No", "Not sure"))
    scale = rng.choice(surveys.SCALE[:2] if support == "Yes" else surveys.SCALE)
    answers = {"Do you support a controlled parking zone?": support, "It is hard to park near my home on weekdays": scale}
    permits = [p for p in ("Resident", "Visitor", "Business") if rng.random() < (0.7, 0.4, 0.08)[("Resident", "Visitor", "Business").index(p)]]
    if permits:
        answers["Which permits would you need?"] = permits
    comment = rng.choice(COMMENTS)
    if comment:
        answers["Anything else you want to tell us?"] = comment
    kind = rng.choices(("resident", "business", "organisation", ""), (80, 10, 3, 7))[0]
    about = AboutYou(name=f"Demo Respondent {rng.randrange(10000)}" if rng.random() < 0.6 else "",
                     postcode=rng.choice(POSTCODES) if rng.random() < 0.85 else "", respondent_type=kind,
                     organisation="Ashdown Traders" if kind != "resident" and kind else "",
                     satisfaction=str(rng.choices((5, 4, 3, 2, 1), (25, 40, 20, 10, 5))[0]) if rng.random() < 0.8 else "")
    about.publish = rng.choices(("named", "anonymous", "no"), (30, 50, 20))[0]
    if about.publish == "named" and not (about.name or about.organisation):
        about.publish = "anonymous"
    return answers, about


def _consultation(session: Session, admin, section: Section, at: datetime, title: str, summary: str, background: str,
                  opens: datetime, closes: datetime, questions, wards: list[str], areas: str) -> Consultation:
    c = consultations.create(session, admin, at, section, ConsultationInput(
        title=title, summary=summary, background=background, opens_at=opens, closes_at=closes, wards=wards,
        areas=areas, owner_name="Roads and transport team"))
    for data in questions:
        consultations.save_question(session, c, None, data)
    pages.submit(session, c.page, admin, at)
    pages.publish(session, c.page, admin, at)
    return c


def _cpz_story(session: Session, admin, section: Section, now: datetime):
    opens, closes = now - timedelta(days=120), now - timedelta(days=64)
    yield opens - timedelta(days=7)
    c = _consultation(session, admin, section, opens - timedelta(days=7), "Town centre controlled parking zone",
                      "A permit parking zone for the streets around the station and the High Street",
                      CPZ_BACKGROUND, opens, closes, CPZ_QUESTIONS, ["Ashdown Central", "Station"],
                      "Station Road, Mill Lane, Church Street, Victoria Terrace and the streets between them")
    rng = random.Random(2026)
    names = {q["label"]: q["name"] for q in c.questions}
    for n in range(400):
        at = opens + timedelta(minutes=int((closes - opens).total_seconds() // 60 * n / 400) + 5)
        consultations.refresh(session, at)
        answers, about = _answers(rng, 0.61)
        responses.submit(session, at, c, {names[label]: value for label, value in answers.items()}, about)
    yield closes
    consultations.refresh(session, closes)
    c.offline_responses = 37
    yield closes + timedelta(days=40)
    page = consultations.save_outcome(session, admin, closes + timedelta(days=40), c,
                                      "61% of respondents supported a zone; carers and shops asked for visitor "
                                      "permits and short-stay bays.", OUTCOME)
    pages.submit(session, page, admin, closes + timedelta(days=40))
    pages.publish(session, page, admin, closes + timedelta(days=41))
    yield closes + timedelta(days=41, hours=1)
    consultations.conclude(session, admin, closes + timedelta(days=41, hours=1), c, None)


def _calming_story(session: Session, admin, section: Section, now: datetime):
    opens, closes = now - timedelta(days=6), now + timedelta(days=22)
    yield opens - timedelta(days=2)
    c = _consultation(session, admin, section, opens - timedelta(days=2), "Mill Lane traffic calming",
                      "Speed tables and a 20 mph limit on Mill Lane", CALMING_BACKGROUND, opens, closes,
                      CALMING_QUESTIONS, ["Millbrook"], "Mill Lane between the bridge and the primary school")
    rng = random.Random(20)
    names = {q["label"]: q["name"] for q in c.questions}
    for n in range(24):
        at = opens + timedelta(hours=5 * n + 1)
        if at >= now:
            break
        consultations.refresh(session, at)
        responses.submit(session, at, c, {names["Mill Lane needs traffic calming"]: rng.choice(surveys.SCALE[:3]),
                                          names["Which measure do you prefer?"]: rng.choice(("Speed tables", "Both"))},
                         AboutYou(postcode=rng.choice(POSTCODES), respondent_type="resident", publish="anonymous"))


def _upcoming(session: Session, admin, section: Section, now: datetime) -> None:
    _consultation(session, admin, section, now - timedelta(days=9), "Electric vehicle charging points",
                  "Where new charging points should go", UPCOMING_BACKGROUND, now + timedelta(days=10),
                  now + timedelta(days=52), (surveys.QuestionInput(
                      "long_text", "Where would a charging point help you most?"),), [], "")


def _subscribers(session: Session, now: datetime, count: int = 300) -> None:
    rng = random.Random(7)
    sections = session.scalars(select(Section.slug)).all()
    for n in range(count):
        at = now - timedelta(days=rng.randrange(2, 300))
        subscriber = Subscriber(email=f"subscriber{n:03d}@example.org", key=f"demo-subscriber-{n:03d}",
                                frequency=rng.choice((subscriptions.IMMEDIATE, subscriptions.WEEKLY)),
                                confirmed_at=at, last_digest_at=at, created_at=at)
        session.add(subscriber)
        session.flush()
        topics = {("section", ROADS)} if rng.random() < 0.6 else set()
        topics |= {("consultations", "all")} if rng.random() < 0.5 else set()
        topics |= {("section", rng.choice(sections))} if rng.random() < 0.4 or not topics else set()
        for kind, key in topics:
            session.add(Subscription(subscriber_id=subscriber.id, kind=kind, key=key))


def load(session: Session, now: datetime, domain: str, history) -> int:
    """Queue the stories on the demo's calendar; returns how many consultations will be made."""
    if session.scalar(select(Consultation.id).limit(1)) is not None:
        return 0
    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    section = session.scalar(select(Section).where(Section.slug == ROADS))
    history.add(_cpz_story(session, admin, section, now))
    history.add(_calming_story(session, admin, section, now))
    history.once(now - timedelta(days=9), lambda: _upcoming(session, admin, section, now))
    history.once(now - timedelta(days=1), lambda: _subscribers(session, now))
    if session.scalar(select(ParticipationTarget.id).limit(1)) is None:
        at = now - timedelta(days=200)
        for measure, baseline, target in (("responses_per_consultation", 150, 300), ("share_online", 70, 85),
                                          ("satisfaction", 55, 70)):
            history.once(at, lambda m=measure, b=baseline, t=target: measures.set_target(
                session, admin, at, m, str(b), str(t), "Agreed by the Cabinet member for customer services"))
    return 3
