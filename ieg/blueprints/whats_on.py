"""What's on (G2): the public list of events by date, category and ward, each event's page and
calendar files, the feeds, open vacancies; and /whats-on/manage/, where a group's editors and a
section's authors keep their events and vacancies."""
import json
from datetime import date
from types import SimpleNamespace

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ieg import dates, paging
from ieg.blueprints.common import get_or_404, saved_or_shown
from ieg.blueprints.whats_on_forms import CancelDateForm, ConfirmForm, EventForm, VacancyForm
from ieg.content.markdown import plain_text, render
from ieg.extensions import db
from ieg.models import CommunityGroup, Section
from ieg.models.whatson import CANCELLED, REMOVED, Event, Vacancy
from ieg.security import require
from ieg.timeutil import to_local, utcnow
from ieg.whatson import events as event_service
from ieg.whatson import feeds, periods, queries, recurrence
from ieg.whatson import vacancies as vacancy_service
from ieg.whatson.events import EventDetails, EventError
from ieg.whatson.recurrence import Repeat
from ieg.whatson.vacancies import VacancyDetails

bp = Blueprint("whats_on", __name__)
PER_PAGE = 25
SCHEMA_DAYS = dict(zip(recurrence.WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                              "Sunday")))


def _today() -> date:
    return to_local(utcnow(), current_app.config["TIMEZONE"]).date()


def _json_ld(data: dict) -> Markup:
    return Markup(json.dumps(data).replace("</", "<\\/"))


def _feed_args() -> dict:
    base = current_app.config["BASE_URL"].rstrip("/")
    return {"base_url": base, "domain": base.split("://", 1)[-1].split("/")[0]}


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The public list ------------------------------------------------------------------------------

def _typed_date(name: str, errors: dict) -> date | None:
    try:
        return dates.day_month_year(request.args, name)
    except dates.DateTypingError:
        errors[name] = "Enter a real date, like 27 3 2027"
        return None


@bp.get("/whats-on/")
def index():
    today, errors = _today(), {}
    period = request.args.get("when", periods.WEEK)
    period = period if period in periods.PERIODS else periods.WEEK
    category = queries.category_by_slug(db.session, request.args.get("category", "")) \
        if request.args.get("category") else None
    ward = queries.ward_by_code(db.session, request.args.get("ward", "")) if request.args.get("ward") else None
    start, end = _typed_date("from", errors), _typed_date("to", errors)
    try:
        since, before = periods.days(period, today, start, end)
    except periods.PeriodError as refused:
        errors.setdefault(refused.field, refused.message)
    if errors:
        since, before = periods.days(periods.WEEK, today)
    found = queries.listing(db.session, since, before, category=category, ward=ward)
    shown = paging.window(len(found), request.args.get("page"), PER_PAGE)
    days: dict[date, list] = {}
    for item in found[shown.offset:shown.offset + PER_PAGE]:
        days.setdefault(item.occurrence.day, []).append(item)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("whats_on/index.html", days=days, shown=shown, args=args, period=period,
                           periods=periods.PERIODS, category=category, ward=ward, since=since,
                           last=before.fromordinal(before.toordinal() - 1), errors=errors,
                           categories=queries.categories(db.session), wards=queries.wards(db.session),
                           typed={name: dates.typed_parts(request.args, name) for name in ("from", "to")})


def _event_json_ld(event: Event, upcoming: list[recurrence.Occurrence]) -> Markup:
    first = upcoming[0] if upcoming else recurrence.occurrences(event.start_date, event.start_time,
                                                                event.end_time, "")[0]
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "url": url_for(".event", event_id=event.id, _external=True),
            "description": plain_text(event.description)[:1000], "startDate": first.starts.isoformat(),
            "eventStatus": "https://schema.org/" + (
                "EventCancelled" if event.status == CANCELLED else "EventScheduled"),
            "organizer": ({"@type": "Organization", "name": event.group.name} if event.group is not None else
                          {"@type": "GovernmentOrganization", "name": current_app.config["COUNCIL_NAME"]}),
            "isAccessibleForFree": not event.price}
    if first.ends:
        data["endDate"] = first.ends.isoformat()
    locations = []
    if event.venue_name or event.venue_address:
        locations.append({"@type": "Place", "name": event.venue_name or event.venue_address,
                          "address": event.venue_address or event.venue_name})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    data["eventAttendanceMode"] = "https://schema.org/" + (
        "MixedEventAttendanceMode" if len(locations) == 2 else
        "OnlineEventAttendanceMode" if event.online_url else "OfflineEventAttendanceMode")
    if event.price or event.booking_url:
        data["offers"] = {"@type": "Offer", "description": event.price or "Free",
                          **({"url": event.booking_url} if event.booking_url else {})}
    if event.rrule:
        repeat = recurrence.parse_rule(event.rrule)
        unit = {recurrence.DAILY: "D", recurrence.WEEKLY: "W"}.get(repeat.frequency, "M")
        schedule = {"@type": "Schedule", "startDate": event.start_date.isoformat(),
                    "startTime": event.start_time.strftime("%H:%M"), "scheduleTimezone": "Europe/London",
                    "repeatFrequency": f"P{repeat.interval}{unit}",
                    "exceptDate": [d.isoformat() for d in sorted(event.cancelled_days)]}
        if event.last_date:
            schedule["endDate"] = event.last_date.isoformat()
        if event.end_time:
            schedule["endTime"] = event.end_time.strftime("%H:%M")
        if repeat.weekdays:
            schedule["byDay"] = [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in repeat.weekdays]
        data["eventSchedule"] = schedule
    return _json_ld(data)


def _public_event(event_id: int) -> Event:
    event = queries.public_event(db.session, event_id)
    if event is None:
        abort(404)
    return event


@bp.get("/whats-on/events/<int:event_id>")
def event(event_id: int):
    found = _public_event(event_id)
    upcoming = queries.next_dates(found, _today())
    return render_template("whats_on/event.html", event=found, upcoming=upcoming, body=render(found.description),
                           repeats=recurrence.describe(found.start_date, found.rrule),
                           json_ld=_event_json_ld(found, upcoming))


@bp.get("/whats-on/events/<int:event_id>.ics")
def event_ics(event_id: int):
    return _ics(feeds.event_ics(_public_event(event_id), **_feed_args()), f"event-{event_id}.ics")


@bp.get("/whats-on/events.ics")
def all_ics():
    return _ics(feeds.events_ics(db.session, name=f"What's on: {current_app.config['COUNCIL_NAME']}", scope="all",
                                 today=_today(), **_feed_args()), "whats-on.ics")


@bp.get("/whats-on/categories/<slug>.ics")
def category_ics(slug: str):
    category = queries.category_by_slug(db.session, slug)
    if category is None:
        abort(404)
    return _ics(feeds.events_ics(db.session, name=f"What's on: {category.name}", scope=f"category:{slug}",
                                 today=_today(), category_id=category.id, **_feed_args()), f"{slug}.ics")


@bp.get("/whats-on/groups/<slug>.ics")
def group_ics(slug: str):
    group = queries.public_group_by_slug(db.session, slug)
    if group is None:
        abort(404)
    return _ics(feeds.events_ics(db.session, name=f"What's on: {group.name}", scope=f"group:{slug}",
                                 today=_today(), group_id=group.id, **_feed_args()), f"{slug}.ics")


# Vacancies ------------------------------------------------------------------------------------

@bp.get("/whats-on/vacancies/")
def vacancies():
    return render_template("whats_on/vacancies.html", vacancies=queries.open_vacancies(db.session, _today()))


def _job_json_ld(vacancy: Vacancy) -> Markup:
    zone = current_app.config["TIMEZONE"]
    closes = dates.local_midnight(vacancy.closing_date.fromordinal(vacancy.closing_date.toordinal() + 1), zone)
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": vacancy.title,
            "description": render(vacancy.description) or vacancy.title,
            "datePosted": to_local(vacancy.created_at, zone).date().isoformat(),
            "validThrough": to_local(closes, zone).isoformat(),
            "hiringOrganization": ({"@type": "Organization", "name": vacancy.group.name} if vacancy.group is not None
                                   else {"@type": "GovernmentOrganization",
                                         "name": current_app.config["COUNCIL_NAME"]}),
            "url": url_for(".vacancy", vacancy_id=vacancy.id, _external=True)}
    if vacancy.volunteer:
        data["employmentType"] = "VOLUNTEER"
    if vacancy.location:
        data["jobLocation"] = {"@type": "Place", "address": vacancy.location}
    return _json_ld(data)


@bp.get("/whats-on/vacancies/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found = queries.public_vacancy(db.session, vacancy_id, _today())
    if found is None:
        abort(404)
    return render_template("whats_on/vacancy.html", vacancy=found, body=render(found.description),
                           json_ld=_job_json_ld(found))


# Keeping events and vacancies -------------------------------------------------------------------

def _owner(kind: str, owner_id: int):
    """The group or section named in the URL, and the stand-in `can()` judges a new listing of it by."""
    if kind == "group":
        group = get_or_404(CommunityGroup, owner_id)
        return group, SimpleNamespace(group=group, section_id=None), {"group": group}
    if kind == "section":
        section = get_or_404(Section, owner_id)
        return section, SimpleNamespace(group=None, section_id=section.id), {"section": section}
    abort(404)


def _owned_by(kind: str, owner_id: int) -> dict:
    return {"group_id": owner_id} if kind == "group" else {"section_id": owner_id}


def _owner_name(owner) -> str:
    return owner.name if isinstance(owner, CommunityGroup) else owner.title


@bp.get("/whats-on/manage/")
def manage():
    require("whatson.dashboard")
    groups = queries.groups_kept_by(db.session, current_user)
    sections = queries.sections_edited_by(db.session, current_user)
    return render_template("whats_on/manage.html", groups=groups, sections=sections)


@bp.get("/whats-on/manage/<kind>/<int:owner_id>/events")
def manage_events(kind: str, owner_id: int):
    owner, stand_in, _ = _owner(kind, owner_id)
    require("event.manage", stand_in)
    return render_template("whats_on/manage_events.html", owner=owner, owner_name=_owner_name(owner), kind=kind,
                           events=queries.owner_events(db.session, **_owned_by(kind, owner_id)),
                           describe=recurrence.describe)


def _choices(form: EventForm) -> None:
    form.categories.choices = [SelectChoice(c.id, c.name) for c in queries.categories(db.session)]
    form.wards.choices = [SelectChoice(w.id, w.name) for w in queries.wards(db.session)]


def _event_details(form: EventForm) -> EventDetails:
    return EventDetails(
        title=form.title.data or "", description=form.description.data or "", start_date=form.start_date.data,
        start_time=event_service.clock(form.start_time.data or "", "start_time"),
        end_time=event_service.clock(form.end_time.data or "", "end_time"),
        repeat=Repeat(frequency=form.frequency.data or recurrence.NONE,
                      interval=event_service.whole_number(form.interval.data or "1", "interval") or 1,
                      weekdays=tuple(form.weekdays.data or ()), until=form.until.data,
                      count=event_service.whole_number(form.count.data or "", "count")),
        skip_bank_holidays=form.skip_bank_holidays.data, venue_name=form.venue_name.data or "",
        venue_address=form.venue_address.data or "", online_url=form.online_url.data or "",
        price=form.price.data or "", booking_url=form.booking_url.data or "",
        accessibility=form.accessibility.data or "", category_ids=tuple(form.categories.data or ()),
        ward_ids=tuple(form.wards.data or ()))


def _saved(form, run, message: str, target: str):
    """Validate, run the service, commit and go on; a refusal goes on the form with nothing written."""
    return saved_or_shown(form, run, message, target) if form.validate_on_submit() else None


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/events/new", methods=["GET", "POST"])
def new_event(kind: str, owner_id: int):
    owner, stand_in, belongs = _owner(kind, owner_id)
    require("event.manage", stand_in)
    form = EventForm()
    _choices(form)
    if request.method == "GET" and isinstance(owner, CommunityGroup):
        form.categories.data = [c.id for c in owner.categories]
        form.wards.data = [w.id for w in owner.wards]
    done = _saved(form, lambda: event_service.add_event(db.session, current_user, utcnow(), _event_details(form),
                                                        **belongs),
                  "Event added: it is on the site now", url_for(".manage_events", kind=kind, owner_id=owner_id))
    return done or _form_page(form, f"Add an event for {_owner_name(owner)}", kind, owner_id)


def _form_page(form, heading: str, kind: str, owner_id: int, back: str = "manage_events", status: int = 200):
    code = 400 if form.errors else status
    return render_template("whats_on/form.html", form=form, heading=heading,
                           back=url_for(f".{back}", kind=kind, owner_id=owner_id)), code


def _listing_of(model, action: str, kind: str, owner_id: int, item_id: int):
    """An event or vacancy of this owner that the user may keep; 404 when it is not theirs or removed."""
    _owner(kind, owner_id)
    found = get_or_404(model, item_id, **_owned_by(kind, owner_id))
    if found.status == REMOVED:
        abort(404)
    require(action, found)
    return found


def _event_of(kind: str, owner_id: int, event_id: int) -> Event:
    return _listing_of(Event, "event.manage", kind, owner_id, event_id)


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/events/<int:event_id>", methods=["GET", "POST"])
def edit_event(kind: str, owner_id: int, event_id: int):
    found = _event_of(kind, owner_id, event_id)
    form = EventForm(obj=None if request.method == "POST" else _event_form_data(found))
    _choices(form)
    done = _saved(form, lambda: event_service.change_event(db.session, current_user, utcnow(), found,
                                                           _event_details(form)),
                  "Event changed", url_for(".manage_events", kind=kind, owner_id=owner_id))
    return done or _form_page(form, f"Change {found.title}", kind, owner_id)


def _event_form_data(event: Event) -> SimpleNamespace:
    repeat = recurrence.parse_rule(event.rrule)
    return SimpleNamespace(
        title=event.title, description=event.description, start_date=event.start_date,
        start_time=event.start_time.strftime("%H:%M"),
        end_time=event.end_time.strftime("%H:%M") if event.end_time else "", frequency=repeat.frequency,
        interval=str(repeat.interval), weekdays=list(repeat.weekdays), until=repeat.until,
        count=str(repeat.count) if repeat.count else "", skip_bank_holidays=event.skip_bank_holidays,
        venue_name=event.venue_name, venue_address=event.venue_address, online_url=event.online_url,
        price=event.price, booking_url=event.booking_url, accessibility=event.accessibility,
        categories=[c.id for c in event.categories], wards=[w.id for w in event.wards])


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/events/<int:event_id>/cancel-date", methods=["GET", "POST"])
def cancel_date(kind: str, owner_id: int, event_id: int):
    found = _event_of(kind, owner_id, event_id)
    form = CancelDateForm()
    form.day.choices = [SelectChoice("", "Choose a date")] + [
        SelectChoice(o.day.isoformat(), f"{o.day:%A} {o.day.day} {o.day:%B %Y}")
        for o in queries.next_dates(found, _today(), 60)]

    def run():
        try:
            day = dates.iso_date(form.day.data)
        except dates.DateTypingError:
            raise EventError("Choose one of the event's dates", "day") from None
        event_service.cancel_date(db.session, current_user, utcnow(), found, day)
    done = _saved(form, run, "That date is called off", url_for(".manage_events", kind=kind, owner_id=owner_id))
    if done:
        return done
    return render_template("whats_on/cancel_date.html", form=form, heading=f"Call off one date of {found.title}",
                           back=url_for(".manage_events", kind=kind, owner_id=owner_id), event=found, kind=kind,
                           owner_id=owner_id), 400 if form.errors else 200


@bp.post("/whats-on/manage/<kind>/<int:owner_id>/events/<int:event_id>/restore-date")
def restore_date(kind: str, owner_id: int, event_id: int):
    found = _event_of(kind, owner_id, event_id)
    try:
        event_service.restore_date(db.session, current_user, utcnow(), found, dates.iso_date(request.form.get("day")))
    except (EventError, dates.DateTypingError):
        db.session.rollback()
        abort(400)
    db.session.commit()
    flash("That date is back on", "success")
    return redirect(url_for(".cancel_date", kind=kind, owner_id=owner_id, event_id=event_id))


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/events/<int:event_id>/<any(cancel, remove):step>",
          methods=["GET", "POST"])
def end_event(kind: str, owner_id: int, event_id: int, step: str):
    found = _event_of(kind, owner_id, event_id)
    form = ConfirmForm()
    service = event_service.cancel_event if step == "cancel" else event_service.remove_event
    form.submit.label.text = "Cancel the event" if step == "cancel" else "Remove the event"
    done = _saved(form, lambda: service(db.session, current_user, utcnow(), found),
                  "Event cancelled" if step == "cancel" else "Event removed",
                  url_for(".manage_events", kind=kind, owner_id=owner_id))
    heading = (f"Cancel {found.title}? It stays on its page and in calendars, marked cancelled" if step == "cancel"
               else f"Remove {found.title} from the site and from calendars?")
    return done or _form_page(form, heading, kind, owner_id)


@bp.get("/whats-on/manage/<kind>/<int:owner_id>/vacancies")
def manage_vacancies(kind: str, owner_id: int):
    owner, stand_in, _ = _owner(kind, owner_id)
    require("vacancy.manage", stand_in)
    return render_template("whats_on/manage_vacancies.html", owner=owner, owner_name=_owner_name(owner), kind=kind,
                           vacancies=queries.owner_vacancies(db.session, **_owned_by(kind, owner_id)), today=_today())


def _vacancy_details(form: VacancyForm) -> VacancyDetails:
    return VacancyDetails(
        title=form.title.data or "", closing_date=form.closing_date.data, volunteer=form.kind.data == "volunteer",
        pay=form.pay.data or "", hours=form.hours.data or "", location=form.location.data or "",
        description=form.description.data or "", how_to_apply=form.how_to_apply.data or "",
        apply_url=form.apply_url.data or "")


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/vacancies/new", methods=["GET", "POST"])
def new_vacancy(kind: str, owner_id: int):
    owner, stand_in, belongs = _owner(kind, owner_id)
    require("vacancy.manage", stand_in)
    form = VacancyForm()
    done = _saved(form, lambda: vacancy_service.add_vacancy(db.session, current_user, utcnow(),
                                                            _vacancy_details(form), **belongs),
                  "Vacancy added: it is on the site now", url_for(".manage_vacancies", kind=kind, owner_id=owner_id))
    return done or _form_page(form, f"Add a vacancy for {_owner_name(owner)}", kind, owner_id, "manage_vacancies")


def _vacancy_of(kind: str, owner_id: int, vacancy_id: int) -> Vacancy:
    return _listing_of(Vacancy, "vacancy.manage", kind, owner_id, vacancy_id)


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/vacancies/<int:vacancy_id>", methods=["GET", "POST"])
def edit_vacancy(kind: str, owner_id: int, vacancy_id: int):
    found = _vacancy_of(kind, owner_id, vacancy_id)
    form = VacancyForm(obj=None if request.method == "POST" else SimpleNamespace(
        title=found.title, kind="volunteer" if found.volunteer else "paid", pay=found.pay, hours=found.hours,
        location=found.location, closing_date=found.closing_date, description=found.description,
        how_to_apply=found.how_to_apply, apply_url=found.apply_url))
    done = _saved(form, lambda: vacancy_service.change_vacancy(db.session, current_user, utcnow(), found,
                                                               _vacancy_details(form)),
                  "Vacancy changed", url_for(".manage_vacancies", kind=kind, owner_id=owner_id))
    return done or _form_page(form, f"Change {found.title}", kind, owner_id, "manage_vacancies")


@bp.route("/whats-on/manage/<kind>/<int:owner_id>/vacancies/<int:vacancy_id>/remove", methods=["GET", "POST"])
def remove_vacancy(kind: str, owner_id: int, vacancy_id: int):
    found = _vacancy_of(kind, owner_id, vacancy_id)
    form = ConfirmForm()
    form.submit.label.text = "Remove the vacancy"
    done = _saved(form, lambda: vacancy_service.remove_vacancy(db.session, current_user, utcnow(), found),
                  "Vacancy removed", url_for(".manage_vacancies", kind=kind, owner_id=owner_id))
    return done or _form_page(form, f"Remove {found.title} from the site?", kind, owner_id, "manage_vacancies")
