"""The demo council's what's on: about 250 events over the coming three months (a quarter of them
repeating: weekly, fortnightly, monthly by date and "second Tuesday", some skipping bank holidays,
one with a date called off), by community groups and by Libraries and Leisure; and a dozen
vacancies, paid and volunteer.

The events belong to the directory's published groups and use its categories. When the directory's
own demo has not made them (an install without it), a few groups and categories are made here,
found again by slug. Written in bulk without audit entries, as the rest of the demo is (nobody did
this). Idempotent: nothing is added once any event exists."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import CommunityGroup, DirectoryCategory, Section, Ward
from ieg.models.directory import PUBLISHED
from ieg.models.whatson import LIVE, OPEN, Event, EventCancellation, Vacancy
from ieg.timeutil import to_local
from ieg.whatson import recurrence
from ieg.whatson.recurrence import MONTHLY_DATE, MONTHLY_WEEKDAY, WEEKLY, Repeat

CATEGORIES = (("sport-and-leisure", "Sport and leisure"), ("arts-and-culture", "Arts and culture"),
              ("children-and-families", "Children and families"), ("older-people", "Older people"),
              ("health-and-wellbeing", "Health and wellbeing"), ("environment", "Environment"),
              ("learning", "Learning"), ("community", "Community"))
# slug, name, summary, category slugs: made only when the directory's demo has made no groups.
GROUPS = (
    ("ashdown-ramblers", "Ashdown Ramblers", "Led walks in the countryside around Ashdown", ("sport-and-leisure",)),
    ("riverside-running-club", "Riverside Running Club", "Running for every pace", ("sport-and-leisure",)),
    ("castle-hill-community-choir", "Castle Hill Community Choir", "Singing for fun, no auditions",
     ("arts-and-culture",)),
    ("kingsmead-toddlers", "Kingsmead Toddler Group", "Play and songs for under-fives and their carers",
     ("children-and-families",)),
    ("friends-of-dene-park", "Friends of Dene Park", "Looking after Dene Park", ("environment",)),
    ("ashdown-u3a", "Ashdown U3A", "Learning for people no longer in full-time work", ("older-people", "learning")),
    ("marsh-end-repair-cafe", "Marsh End Repair Cafe", "Bring it, we'll help you fix it", ("environment", "community")),
    ("northcote-memory-cafe", "Northcote Memory Cafe", "For people living with dementia and their carers",
     ("older-people", "health-and-wellbeing")),
)
# title, category slugs, venue, price, how it repeats: (frequency, weekdays, interval), start, end
REPEATING = (
    ("Coffee morning", ("community", "older-people"), "Community centre", "", (WEEKLY, ("TU",), 1), "10:00", "12:00"),
    ("Health walk", ("health-and-wellbeing",), "Meet at the park gates", "", (WEEKLY, ("WE",), 1), "10:30", "11:30"),
    ("Parkrun volunteers' briefing", ("sport-and-leisure",), "Dene Park cafe", "", (WEEKLY, ("SA",), 1), "08:30",
     "09:00"),
    ("Choir rehearsal", ("arts-and-culture",), "St Mary's church hall", "£3", (WEEKLY, ("TH",), 1), "19:00", "21:00"),
    ("Stay and play", ("children-and-families",), "Kingsmead Children's Centre", "£1.50 a family",
     (WEEKLY, ("MO", "FR"), 1), "09:30", "11:00"),
    ("Repair cafe", ("environment", "community"), "Marsh End village hall", "Free (donations welcome)",
     (MONTHLY_WEEKDAY, (), 1), "10:00", "13:00"),
    ("Memory cafe", ("older-people", "health-and-wellbeing"), "Northcote Methodist Church", "",
     (MONTHLY_DATE, (), 1), "14:00", "16:00"),
    ("Litter pick", ("environment",), "Meet at the bandstand", "", (WEEKLY, ("SU",), 2), "10:00", "12:00"),
    ("Chair yoga", ("health-and-wellbeing", "older-people"), "Fernley community hall", "£4", (WEEKLY, ("TH",), 1),
     "11:00", "12:00"),
    ("Conversation club", ("learning", "community"), "Online", "", (WEEKLY, ("WE",), 1), "18:30", "19:30"),
)
ONE_OFF = (
    ("Spring plant sale", ("environment",), "£1 entry"), ("Family fun day", ("children-and-families",), ""),
    ("Quiz night", ("community",), "£2 a person"), ("Open rehearsal", ("arts-and-culture",), ""),
    ("Guided heritage walk", ("sport-and-leisure", "learning"), "£5"),
    ("Tea dance", ("older-people", "arts-and-culture"), "£3"), ("Bat walk", ("environment",), ""),
    ("Beginners' running session", ("sport-and-leisure",), ""), ("Craft workshop", ("arts-and-culture",), "£6"),
    ("Wellbeing drop-in", ("health-and-wellbeing",), ""), ("Talk: the history of the mill", ("learning",), "£2"),
    ("Cake sale", ("community",), ""), ("Storytelling in the park", ("children-and-families",), ""),
    ("Photography walk", ("arts-and-culture", "sport-and-leisure"), "£4"),
)
COUNCIL = (  # section slug, title, category slugs, venue, repeat, start, end, skip bank holidays
    ("libraries", "Rhyme time", ("children-and-families",), "Central Library", (WEEKLY, ("MO", "TH"), 1),
     "10:30", "11:00", True),
    ("libraries", "Lego club", ("children-and-families", "learning"), "Central Library", (WEEKLY, ("SA",), 1),
     "14:00", "15:30", False),
    ("libraries", "Digital help drop-in", ("learning", "older-people"), "Kingsmead Library", (WEEKLY, ("TU",), 1),
     "14:00", "16:00", True),
    ("libraries", "Reading group", ("learning", "arts-and-culture"), "Central Library", (MONTHLY_WEEKDAY, (), 1),
     "18:30", "20:00", False),
    ("leisure-and-culture", "Museum late", ("arts-and-culture",), "Ashdown Museum", (MONTHLY_DATE, (), 1),
     "18:00", "21:00", False),
    ("leisure-and-culture", "Junior parkrun", ("sport-and-leisure", "children-and-families"), "Dene Park",
     (WEEKLY, ("SU",), 1), "09:00", "09:45", False),
)
VACANCIES = (  # title, volunteer, pay, hours
    ("Volunteer walk leader", True, "", "Two hours a week"),
    ("Community cafe volunteer", True, "", "Mornings, flexible"),
    ("Youth club assistant", False, "£11.44 an hour", "6 hours a week, evenings"),
    ("Repair cafe fixer", True, "", "One Saturday morning a month"),
    ("Choir accompanist", False, "£40 a rehearsal", "Thursday evenings"),
    ("Befriending volunteer", True, "", "An hour a week"), ("Treasurer (volunteer)", True, "", "About 3 hours a month"),
    ("Sessional sports coach", False, "£15 an hour", "Weekends"),
    ("Library assistant", False, "£23,114 a year", "37 hours a week"),
    ("Home library service volunteer", True, "", "Two hours a fortnight"),
    ("Museum visitor assistant", False, "£11.44 an hour", "Weekends and school holidays"),
    ("Park ranger volunteer", True, "", "Flexible"),
)
DAYS = 91


def _categories(session: Session) -> dict[str, DirectoryCategory]:
    """The demo's categories by its slugs: the directory's own where it has one of that slug or name."""
    existing = list(session.scalars(select(DirectoryCategory)))
    by_slug, by_name = {c.slug: c for c in existing}, {c.name: c for c in existing}
    found = {}
    for position, (slug, name) in enumerate(CATEGORIES):
        found[slug] = by_slug.get(slug) or by_name.get(name)
        if found[slug] is None:
            found[slug] = DirectoryCategory(slug=slug, name=name, position=100 + position)
            session.add(found[slug])
    session.flush()
    return found


def _groups(session: Session, categories: dict[str, DirectoryCategory], wards: list[Ward],
            now: datetime) -> list[CommunityGroup]:
    published = list(session.scalars(select(CommunityGroup).where(CommunityGroup.status == PUBLISHED)
                                      .order_by(CommunityGroup.id)))
    if published:
        return published
    made = []
    for n, (slug, name, summary, kinds) in enumerate(GROUPS):
        group = CommunityGroup(slug=slug, name=name, summary=summary, status=PUBLISHED, created_at=now,
                               updated_at=now, categories=[categories[k] for k in kinds],
                               wards=[wards[n % len(wards)]] if wards else [])
        session.add(group)
        made.append(group)
    session.flush()
    return made


def _clock(text: str) -> time:
    return time(*map(int, text.split(":")))


def load(session: Session, now: datetime) -> int:
    """Add the demo's events and vacancies; returns how many events were added (0 if there were some)."""
    if session.scalar(select(Event.id).limit(1)) is not None:
        return 0
    rng = random.Random(21)
    today = to_local(now, "Europe/London").date()
    wards = list(session.scalars(select(Ward).order_by(Ward.name)))
    categories = _categories(session)
    groups = _groups(session, categories, wards, now)
    sections = {s.slug: s for s in session.scalars(select(Section))}
    made: list[Event] = []
    added = now - timedelta(days=7)  # before the alerts job looks: the demo's events are not news to anyone

    def event(title, kinds, venue, price, first, start, end, repeat=Repeat(), owner=None, section=None,
              skip=False, ward=None):
        rule = recurrence.build_rule(repeat, first)
        online = venue == "Online"
        item = Event(title=title, description=f"{title}. Everyone is welcome: just come along.",
                     start_date=first, start_time=_clock(start), end_time=_clock(end) if end else None, rrule=rule,
                     last_date=recurrence.last_date(first, rule), skip_bank_holidays=skip,
                     venue_name="" if online else venue,
                     venue_address="" if online else f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Ashdown",
                     online_url="https://meet.example.org/ashdown-conversation" if online else "", price=price,
                     accessibility="Step-free access and an accessible toilet." if rng.random() < 0.6 else "",
                     status=LIVE, sequence=0, created_at=added, updated_at=added, group=owner, section=section,
                     categories=[categories[k] for k in kinds],
                     wards=[ward] if ward is not None else [])
        made.append(item)
        return item

    for n, (title, kinds, venue, price, (frequency, weekdays, interval), start, end) in enumerate(REPEATING * 4):
        owner = groups[n % len(groups)]
        first = today + timedelta(days=rng.randint(0, 6))
        if frequency == WEEKLY:
            first = first + timedelta(days=(recurrence.WEEKDAYS.index(weekdays[0]) - first.weekday()) % 7)
        elif frequency == MONTHLY_DATE:
            first = first.replace(day=min(first.day, 28))
        repeat = Repeat(frequency, interval, weekdays, until=today + timedelta(days=DAYS))
        item = event(f"{title}: {owner.name}", kinds, venue, price, first, start, end, repeat, owner=owner,
                     ward=owner.wards[0] if owner.wards else (wards[n % len(wards)] if wards else None),
                     skip=n % 3 == 0)
        if n == 0:  # one date called off
            second = recurrence.occurrences(first, item.start_time, None, item.rrule, limit=2)[-1].day
            item.cancellations.append(EventCancellation(day=second))
    for slug, title, kinds, venue, (frequency, weekdays, interval), start, end, skip in COUNCIL:
        if slug not in sections:
            continue
        first = today + timedelta(days=(recurrence.WEEKDAYS.index(weekdays[0]) - today.weekday()) % 7) \
            if weekdays else today + timedelta(days=3)
        if frequency == MONTHLY_DATE:
            first = first.replace(day=min(first.day, 28))
        event(title, kinds, venue, "", first, start, end, Repeat(frequency, interval, weekdays,
                                                                 until=today + timedelta(days=DAYS)),
              section=sections[slug], skip=skip)
    for n in range(210):
        title, kinds, price = ONE_OFF[n % len(ONE_OFF)]
        owner = groups[rng.randrange(len(groups))]
        start = rng.choice(("10:00", "11:00", "14:00", "18:30", "19:30"))
        event(title, kinds, owner.name if rng.random() < 0.3 else rng.choice(VENUES), price,
              today + timedelta(days=rng.randint(0, DAYS)), start, f"{int(start[:2]) + 2:02d}:{start[3:]}",
              owner=owner, ward=wards[rng.randrange(len(wards))] if wards else None)
    session.add_all(made)
    for n, (title, volunteer, pay, hours) in enumerate(VACANCIES):
        council = title in ("Library assistant", "Home library service volunteer", "Museum visitor assistant")
        section = sections.get("libraries" if "ibrary" in title else "leisure-and-culture") if council else None
        owner = None if section is not None else groups[n % len(groups)]
        session.add(Vacancy(
            title=title, volunteer=volunteer, pay=pay, hours=hours, group=owner, section=section,
            location=f"{rng.choice(STREETS)}, Ashdown", closing_date=today + timedelta(days=14 + 5 * n),
            description=f"Join us as a {title.lower()}. Training is given; no experience needed.",
            how_to_apply="Email us with a few lines about yourself, or call in.",
            apply_url="https://apply.example.org/ashdown" if not volunteer else "", status=OPEN, created_at=added,
            updated_at=added))
    session.flush()
    return len(made)


STREETS = ("Mill Lane", "Station Road", "Church Street", "Orchard Way", "Kingsmead Road", "High Street")
VENUES = ("Community centre", "St Mary's church hall", "Dene Park", "Marsh End village hall", "Fernley community hall",
          "Kingsmead Library", "The Old School Rooms")
