"""Changing the corporate calendar and the service standards (docs/design.md 3.5, /admin/standards),
and explaining the standards in force to the public (R25, /service-standards).

A change is never an edit: the version in force plus the change make a new StandardsVersion,
open enquiries take new deadlines (`standards.recompute_open`), resolved and closed ones keep
theirs, and the audit log records who changed what, from what to what, and why. A case
type's resolution target is a column on the case type, changed the same way.

The parsers, the describing and the worked examples are pure functions; `change_standards`
and `change_resolution_target` are services that flush but never commit. A refusal is a
StandardsAdminError holding one message per field, in the GOV.UK style.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ieg import audit, cache
from ieg.casework import deadlines_sql, standards
from ieg.input_errors import InputErrors
from ieg.models import AuditEntry, CaseType, Enquiry, StandardsVersion, User
from ieg.workingtime import RULE_NEXT_DAY_CLOSE, RULE_ONE_WORKING_DAY, RULES, Calendar

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The UK regions the `holidays` package knows (holidays.countries.UnitedKingdom.subdivisions).
# England and Wales share one list of bank holidays; Scotland and Northern Ireland have their own.
SUBDIVISIONS = {"ENG": "England (England and Wales bank holidays)",
                "WLS": "Wales (England and Wales bank holidays)",
                "SCT": "Scotland", "NIR": "Northern Ireland"}
HOLIDAY_REGIONS = {"ENG": "England and Wales", "WLS": "England and Wales", "SCT": "Scotland",
                   "NIR": "Northern Ireland"}  # whose bank holidays, as the public page says it
RULE_EXPLANATIONS = {
    RULE_ONE_WORKING_DAY: "A full working day of working time, counted from when the message arrives. "
                          "A message that arrives outside working hours is counted from when we next open.",
    RULE_NEXT_DAY_CLOSE: "By closing time on the working day after the day the message arrives. A message that "
                         "arrives after closing time, or on a day we are closed, counts as arriving on the next "
                         "working day.",
}
assert set(RULE_EXPLANATIONS) == set(RULES)

ACKNOWLEDGEMENT_MINUTES = (1, 1440)  # up to a day: it is sent automatically
RESPONSE_DAYS = (1, 30)
RESOLUTION_DAYS = (1, 250)  # about a working year
DAY_MINUTES = (1, 1440)
CLOSURE_PAST = timedelta(days=366)  # correcting last year's record is allowed; older is a typo
CLOSURE_FUTURE = timedelta(days=5 * 366)
REASON_LENGTH = 2000
VERSION_FIELDS = ("hours", "subdivision", "closures", "rule", "day_minutes", "acknowledgement_minutes",
                  "response_days")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class StandardsAdminError(InputErrors):
    pass


# Words --------------------------------------------------------------------------------------

def clock(value: time | str) -> str:
    """"09:00" -> "9am", "17:30" -> "5:30pm" (GOV.UK style)."""
    value = value if isinstance(value, time) else time.fromisoformat(value)
    if value == time(12):
        return "midday"
    if value == time(0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if not value.minute else f"{hour}:{value.minute:02d}{suffix}"


def duration(minutes: int) -> str:
    """480 -> "8 hours", 450 -> "7 hours 30 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def day_words(day: date, today: date | None = None) -> str:
    """"Friday 4 December", with the year when it is not this year's (or no `today` is given)."""
    words = f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B}"
    return words if today is not None and day.year == today.year else f"{words} {day.year}"


def when(instant: datetime, zone: str, today: date | None = None) -> str:
    """"Friday 4 December at 4pm" in the council's zone."""
    local = instant.astimezone(ZoneInfo(zone))
    return f"{day_words(local.date(), today)} at {clock(local.time().replace(second=0, microsecond=0))}"


def span_words(pair) -> str:
    return "Closed" if not pair else f"{clock(pair[0])} to {clock(pair[1])}"


def hours_summary(hours: dict) -> list[tuple[str, str]]:
    """Weekdays with the same hours grouped: [("Monday to Friday", "9am to 5pm"), ...]."""
    groups: list[list] = []
    for day in range(7):
        pair = hours.get(str(day))
        if groups and groups[-1][1] == pair:
            groups[-1][0].append(day)
        else:
            groups.append([[day], pair])
    rows = []
    for days, pair in groups:
        first, last = WEEKDAYS[days[0]], WEEKDAYS[days[-1]]
        label = first if len(days) == 1 else f"{first} and {last}" if len(days) == 2 else f"{first} to {last}"
        rows.append((label, span_words(pair)))
    return rows


def first_response_words(version) -> str:
    days = version.response_days
    return "one working day" if days == 1 else f"{days} working days"


# What changed ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    what: str
    before: str
    after: str


def differences(old, new) -> list[Difference]:
    """What changed between two versions (or anything with the version's fields), in words."""
    found = []
    if old is None:
        return found
    for day in range(7):
        before, after = old.hours.get(str(day)), new.hours.get(str(day))
        if before != after:
            found.append(Difference(f"{WEEKDAYS[day]}’s hours", span_words(before), span_words(after)))
    if old.day_minutes != new.day_minutes:
        found.append(Difference("Length of a working day", duration(old.day_minutes), duration(new.day_minutes)))
    if old.subdivision != new.subdivision:
        found.append(Difference("Bank holidays", SUBDIVISIONS.get(old.subdivision, old.subdivision),
                                SUBDIVISIONS.get(new.subdivision, new.subdivision)))
    for day in sorted(set(new.closures) - set(old.closures)):
        found.append(Difference("Closure day added", "", day_words(date.fromisoformat(day))))
    for day in sorted(set(old.closures) - set(new.closures)):
        found.append(Difference("Closure day removed", day_words(date.fromisoformat(day)), ""))
    if old.rule != new.rule:
        found.append(Difference("Rule for one working day", standards.RULE_LABELS[old.rule],
                                standards.RULE_LABELS[new.rule]))
    if old.acknowledgement_minutes != new.acknowledgement_minutes:
        found.append(Difference("Acknowledgement", f"within {duration(old.acknowledgement_minutes)}",
                                f"within {duration(new.acknowledgement_minutes)}"))
    if old.response_days != new.response_days:
        found.append(Difference("First response", f"within {first_response_words(old)}",
                                f"within {first_response_words(new)}"))
    return found


# Parsing the forms (pure) ------------------------------------------------------------------

def _whole_number(text: str, bounds: tuple[int, int], field: str, what: str, errors: dict) -> int | None:
    low, high = bounds
    text = (text or "").strip()
    if not text:
        errors[field] = f"Enter {what}"
    elif not text.isdecimal() or not low <= int(text) <= high:
        errors[field] = f"{what[0].upper()}{what[1:]} must be a whole number from {low} to {high}"
    else:
        return int(text)
    return None


def _clock_value(text: str) -> str | None:
    match = _CLOCK.match((text or "").strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def parse_hours(form: Mapping, current: StandardsVersion, today: date) -> tuple[dict, dict]:
    """Working hours per weekday, a working day's length and the bank holidays region."""
    errors: dict[str, str] = {}
    hours: dict[str, list[str] | None] = {}
    for day in range(7):
        name = WEEKDAYS[day]
        if form.get(f"works-{day}") != "yes":
            hours[str(day)] = None
            continue
        opens, closes = _clock_value(form.get(f"opens-{day}", "")), _clock_value(form.get(f"closes-{day}", ""))
        if opens is None:
            errors[f"opens-{day}"] = f"Enter the time you open on {name} as a 24-hour time, like 09:00"
        if closes is None:
            errors[f"closes-{day}"] = f"Enter the time you close on {name} as a 24-hour time, like 17:00"
        if opens and closes and not opens < closes:
            errors[f"closes-{day}"] = f"The closing time on {name} must be after the opening time"
        hours[str(day)] = [opens, closes]
    if all(pair is None for pair in hours.values()):
        errors["works-0"] = "Select at least one working day"
    lengths = {_minutes_between(*pair) for pair in hours.values() if pair and None not in pair}
    day_minutes = None
    if (form.get("day_minutes") or "").strip():
        day_minutes = _whole_number(form.get("day_minutes"), DAY_MINUTES, "day_minutes",
                                    "the length of a working day in minutes", errors)
    elif len(lengths) == 1:
        day_minutes = lengths.pop()  # one working day is the day's opening hours
    elif lengths:
        errors["day_minutes"] = ("Your working days are not all the same length: enter how long one working "
                                 "day is, in minutes")
    subdivision = form.get("subdivision", "")
    if subdivision not in SUBDIVISIONS:
        errors["subdivision"] = "Select whose bank holidays the council keeps"
    return {"hours": hours, "day_minutes": day_minutes, "subdivision": subdivision}, errors


def _minutes_between(opens: str, closes: str) -> int:
    (h1, m1), (h2, m2) = (map(int, opens.split(":")), map(int, closes.split(":")))
    return (h2 * 60 + m2) - (h1 * 60 + m1)


def parse_closures(form: Mapping, current: StandardsVersion, today: date) -> tuple[dict, dict]:
    """Add one closure day (a real date, on a day that would otherwise be worked), or remove one."""
    errors: dict[str, str] = {}
    closures = list(current.closures)
    if form.get("action") == "remove":
        day = form.get("remove", "")
        if day not in closures:
            errors["remove"] = "Select the closure day to remove"
        else:
            closures.remove(day)
        return {"closures": closures}, errors
    parts = [(form.get(f"closure-{part}") or "").strip() for part in ("day", "month", "year")]
    if not all(parts):
        errors["closure-day"] = "Enter the date the council is closed, with a day, month and year"
        return {}, errors
    try:
        day = date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (ValueError, OverflowError):  # OverflowError: a year too long for C's int
        errors["closure-day"] = "The date the council is closed must be a real date"
        return {}, errors
    if day < today - CLOSURE_PAST:
        errors["closure-day"] = "The date the council is closed must be within the last year or in the future"
    elif day > today + CLOSURE_FUTURE:
        errors["closure-day"] = "The date the council is closed must be within the next 5 years"
    elif day.isoformat() in closures:
        errors["closure-day"] = f"{day_words(day)} is already a closure day"
    else:
        holiday = standards.calendar_for(current).bank_holidays(day.year).get(day)
        if holiday:
            errors["closure-day"] = f"{day_words(day)} is already a bank holiday ({holiday})"
        elif not current.hours.get(str(day.weekday())):
            errors["closure-day"] = f"{day_words(day)} is not a working day anyway"
    return {"closures": sorted([*closures, day.isoformat()])}, errors


def parse_rule(form: Mapping, current: StandardsVersion, today: date) -> tuple[dict, dict]:
    rule = form.get("rule", "")
    return {"rule": rule}, ({} if rule in RULES else {"rule": "Select the rule for one working day"})


def parse_times(form: Mapping, current: StandardsVersion, today: date) -> tuple[dict, dict]:
    """The acknowledgement standard (minutes) and the first-response standard (working days)."""
    errors: dict[str, str] = {}
    minutes = _whole_number(form.get("acknowledgement_minutes", ""), ACKNOWLEDGEMENT_MINUTES,
                            "acknowledgement_minutes", "the acknowledgement standard in minutes", errors)
    days = _whole_number(form.get("response_days", ""), RESPONSE_DAYS, "response_days",
                         "the first-response standard in working days", errors)
    return {"acknowledgement_minutes": minutes, "response_days": days}, errors


PARTS = {"hours": parse_hours, "closures": parse_closures, "rule": parse_rule, "times": parse_times}
# Where "You have not changed anything" points on each form: its first field.
FIRST_FIELDS = {"hours": "works-0", "closures": "closure-day", "rule": "rule", "times": "acknowledgement_minutes"}


def _reason(text: str, errors: dict) -> str:
    text = (text or "").strip()
    if not text:
        errors["reason"] = "Enter the reason for the change"
    elif len(text) > REASON_LENGTH:
        errors["reason"] = f"The reason must be {REASON_LENGTH} characters or fewer"
    return text


# Services --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Changed:
    version: StandardsVersion
    changes: list[Difference]
    recomputed: int


def change_standards(session: Session, actor, part: str, form: Mapping, now: datetime, zone: str) -> Changed:
    """Save one form's change as a new version in force from `now`: open enquiries take new
    deadlines, closed ones keep theirs, and the audit log records it."""
    current = standards.current(session)
    parse = PARTS[part]
    values, errors = parse(form, current, now.astimezone(ZoneInfo(zone)).date())
    reason = _reason(form.get("reason", ""), errors)
    if errors:
        raise StandardsAdminError(errors)
    new = StandardsVersion(**{name: getattr(current, name) for name in VERSION_FIELDS})
    for name, value in values.items():
        setattr(new, name, value)
    changes = differences(current, new)
    if not changes:
        raise StandardsAdminError({FIRST_FIELDS[part]: "You have not changed anything"})
    try:
        standards.calendar_for(new, zone)  # the parsers check each field; this, the calendar they make
    except ValueError as refused:
        raise StandardsAdminError({FIRST_FIELDS[part]: str(refused)}) from None
    new.created_at, new.created_by_id, new.reason = now, getattr(actor, "id", None), reason
    session.add(new)
    session.flush()
    recomputed = standards.recompute_open(session, new, zone)
    changed = [name for name in VERSION_FIELDS if getattr(current, name) != getattr(new, name)]
    audit.record(session, actor, "standards.change", f"standards_version:{new.id}", {
        "previous_version": current.id, "version": new.id,
        "from": {name: getattr(current, name) for name in changed},
        "to": {name: getattr(new, name) for name in changed},
        "reason": reason, "open_enquiries_recomputed": recomputed}, now)
    cache.bump(session, now)  # /service-standards shows the standards
    return Changed(new, changes, recomputed)


def change_resolution_target(session: Session, actor, case_type: CaseType, days_text: str, reason_text: str,
                             now: datetime, zone: str) -> int:
    """A case type's resolution target in working days. Its open enquiries' resolution
    deadlines are recomputed with the standards they were given; resolved and closed ones
    keep theirs. Returns how many were recomputed."""
    errors: dict[str, str] = {}
    days = _whole_number(days_text, RESOLUTION_DAYS, "resolution_days", "the target in working days", errors)
    reason = _reason(reason_text, errors)
    if days is not None and days == case_type.resolution_days:
        errors["resolution_days"] = "You have not changed the target"
    if errors:
        raise StandardsAdminError(errors)
    before, case_type.resolution_days = case_type.resolution_days, days
    in_force = standards.current(session)
    recomputed = 0
    for enquiry in session.scalars(select(Enquiry).where(Enquiry.case_type_id == case_type.id,
                                                         deadlines_sql.unfinished())):
        # The version it was given (session.get reads each once, from the identity map after).
        version = (session.get(StandardsVersion, enquiry.standards_version_id) if enquiry.standards_version_id
                   else in_force)
        # response=False: only the resolution target changed; the response deadline stays.
        standards.apply(enquiry, version, zone, response=False)
        recomputed += 1
    audit.record(session, actor, "standards.resolution_target", f"case_type:{case_type.id}", {
        "case_type": case_type.name, "from": before, "to": days, "reason": reason,
        "open_enquiries_recomputed": recomputed}, now)
    cache.bump(session, now)
    session.flush()
    return recomputed


# Reading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    version: StandardsVersion
    who: str
    changes: list[Difference]


def history(session: Session) -> list[HistoryEntry]:
    """Every version, newest first, with who made it and what it changed from the one before."""
    rows = session.execute(select(StandardsVersion, User.name)
                           .outerjoin(User, User.id == StandardsVersion.created_by_id)
                           .order_by(StandardsVersion.id)).all()
    entries, previous = [], None
    for version, name in rows:
        entries.append(HistoryEntry(version, name or "System", differences(previous, version)))
        previous = version
    return entries[::-1]


def target_history(session: Session, limit: int = 100) -> list[AuditEntry]:
    """Changes to case types' resolution targets, newest first, from the audit log."""
    return session.scalars(select(AuditEntry).where(AuditEntry.action == "standards.resolution_target")
                           .order_by(AuditEntry.id.desc()).limit(limit)).all()


def case_types(session: Session) -> list[CaseType]:
    """Active case types, by service then name: the resolution targets."""
    from ieg.models import Section
    return session.scalars(select(CaseType).outerjoin(Section, Section.id == CaseType.section_id)
                           .where(CaseType.active.is_(True)).options(joinedload(CaseType.section))
                           .order_by(Section.title, CaseType.name)).all()


def open_enquiries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Enquiry)
                          .where(deadlines_sql.unfinished()))


# Worked examples (pure) -------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    title: str
    received: datetime
    due: datetime
    skipped: tuple[tuple[date, str], ...] = ()  # bank holidays and closure days passed over


def _find(start: date, weekday: int, ok, weeks: int = 26) -> date | None:
    for offset in range(1, weeks * 7 + 1):
        day = start + timedelta(days=offset)
        if day.weekday() == weekday and ok(day):
            return day
    return None


def _closed_days(calendar: Calendar, start: date, end: date) -> tuple[tuple[date, str], ...]:
    """Bank holidays and closure days from `start` to `end` that would otherwise be worked."""
    found, day = [], start
    while day <= end:
        name = calendar.bank_holidays(day.year).get(day) or ("a council closure day" if day in calendar.closures
                                                              else None)
        if name and calendar.hours[day.weekday()] is not None:
            found.append((day, name))
        day += timedelta(days=1)
    return tuple(found)


def worked_examples(version, calendar: Calendar, today: date, zone: str) -> list[Example]:
    """When a message on real coming dates would be answered under the standards in force:
    a working afternoon, an evening, late on a Friday, a weekend, and before the next bank
    holiday or closure day. Each deadline is the one an enquiry then would be given."""
    tz = ZoneInfo(zone)
    works = calendar.is_working_day

    def example(title: str, day: date, hour: int) -> Example:
        received = datetime.combine(day, time(hour), tzinfo=tz)
        due = standards.response_deadline(version, calendar, received)
        return Example(title, received, due, _closed_days(calendar, day, due.astimezone(tz).date()))

    found = []
    tuesday = _find(today, 1, lambda d: works(d) and works(d + timedelta(days=1)))
    if tuesday:
        found.append(example("During working hours", tuesday, 14))
        found.append(example("In the evening", tuesday, 19))
    friday = _find(today, 4, lambda d: works(d) and works(d + timedelta(days=3)))
    if friday:
        found.append(example("Late on a Friday", friday, 16))
    saturday = _find(today, 5, lambda d: not works(d) and works(d + timedelta(days=2)))
    if saturday:
        found.append(example("At the weekend", saturday, 10))
    # The first closed day with a working day before it still to come: over Easter, seen on
    # the Sunday, Easter Monday's working day before is in the past, so the next one is shown.
    for day, name in _closed_days(calendar, today + timedelta(days=1), today + timedelta(days=400)):
        before = day - timedelta(days=1)
        while not works(before) and before > today:
            before -= timedelta(days=1)
        if works(before) and before > today:
            title = "Before a council closure day" if day in calendar.closures else f"Before a bank holiday ({name})"
            found.append(example(title, before, 16))
            break
    return found


def rule_comparison(version, calendar: Calendar, examples: list[Example]) -> dict[str, list[Example]]:
    """For each rule, the working-afternoon and weekend examples as that rule would have them:
    what an administrator choosing between the rules needs to see."""
    chosen = [e for e in examples if e.title in ("During working hours", "At the weekend")]
    found = {}
    for rule in RULES:
        # response_deadline reads only the rule and the number of days from the version.
        under = SimpleNamespace(rule=rule, response_days=version.response_days)
        found[rule] = [Example(e.title, e.received, standards.response_deadline(under, calendar, e.received))
                       for e in chosen]
    return found


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str


def days_off(calendar: Calendar, today: date, days: int = 365) -> tuple[list[DayOff], list[DayOff]]:
    """The bank holidays and the council's closure days in the coming year."""
    end = today + timedelta(days=days)
    holidays_ = [DayOff(day, name) for year in range(today.year, end.year + 1)
                 for day, name in sorted(calendar.bank_holidays(year).items()) if today <= day <= end]
    closures = [DayOff(day, "Council closure day") for day in sorted(calendar.closures) if today <= day <= end]
    return holidays_, closures


def form_data(version: StandardsVersion) -> dict[str, str]:
    """The change forms' fields filled from a version (what the pages show before a change)."""
    data = {"subdivision": version.subdivision, "rule": version.rule,
            "acknowledgement_minutes": str(version.acknowledgement_minutes),
            "response_days": str(version.response_days), "day_minutes": ""}
    lengths = set()
    for day in range(7):
        pair = version.hours.get(str(day))
        if pair:
            data[f"works-{day}"], data[f"opens-{day}"], data[f"closes-{day}"] = "yes", pair[0], pair[1]
            lengths.add(_minutes_between(*pair))
    # Left empty while it is just the length of the hours, so changing the hours changes it too.
    if lengths != {version.day_minutes}:
        data["day_minutes"] = str(version.day_minutes)
    return data
