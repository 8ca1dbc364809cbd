"""Meetings (R5): the public diary, a meeting's agenda, its items, documents and feeds; and
democratic services' pages at /edit/democracy (the rules are in ieg/democracy/)."""
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ieg.blueprints.common import send_stored
from ieg.blueprints.councillors import _feed_args, _ics, _or_404, _today, ended, submitted
from ieg.blueprints.democracy_forms import (DOCUMENT_LABELS, AttendanceForm, CancelForm, CommitteeForm, ConfirmForm,
                                            DecisionForm, DocumentChangeForm, DocumentForm, EndForm, ItemChangeForm, ItemForm,
                                            MeetingForm, MemberForm, RemoveForm)
from ieg.content.attachments import UploadError
from ieg.dates import parse_local
from ieg.democracy import calendar, feeds, meetings, queries
from ieg.democracy.councillors import DemocracyError, democracy_section
from ieg.democracy.meetings import EXEMPT_PARAGRAPHS, MeetingInput
from ieg import files_store
from ieg.extensions import db
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("meetings", __name__)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

@bp.context_processor
def _words():
    return {"document_labels": DOCUMENT_LABELS, "exempt_paragraphs": EXEMPT_PARAGRAPHS}

def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])

@bp.get("/meetings/")
def diary():
    """Future meetings, or one month's (past or future), for every committee or one."""
    committee = None
    if request.args.get("committee"):
        committee = _or_404(queries.committee_by_slug(db.session, request.args["committee"]))
    month = request.args.get("month", "")
    match = MONTH.match(month)
    if month and not match:
        abort(404)
    if match:
        first = datetime(int(match[1]), int(match[2]), 1, tzinfo=_zone())
        after = (first + timedelta(days=32)).replace(day=1)
        found = queries.in_month(db.session, first, after, committee=committee)
        heading = f"Meetings in {first:%B %Y}"
    else:
        found = queries.upcoming(db.session, utcnow(), committee=committee)
        heading = "Future meetings"
    return render_template("democracy/diary.html", meetings=found, heading=heading, month=month,
                           committee=committee, committees=queries.committees(db.session),
                           months=queries.months_with_meetings(db.session))

@bp.get("/meetings/committees/<slug>")
def committee(slug: str):
    found = _or_404(queries.committee_by_slug(db.session, slug))
    return render_template("democracy/committee.html", committee=found,
                           members=meetings.current_members(found, _today()),
                           upcoming=queries.upcoming(db.session, utcnow(), committee=found, limit=20))

def _event_json_ld(meeting) -> Markup:
    data = {"@context": "https://schema.org", "@type": "Event", "name": meeting.committee.name,
            "startDate": meeting.starts_at.astimezone(_zone()).isoformat(),
            "url": url_for(".meeting", meeting_id=meeting.id, _external=True),
            "eventStatus": "https://schema.org/" + {"cancelled": "EventCancelled", "moved": "EventRescheduled"}.get(
                meeting.status, "EventScheduled"),
            "organizer": {"@type": "GovernmentOrganization", "name": current_app.config["COUNCIL_NAME"]}}
    if meeting.ends_at:
        data["endDate"] = meeting.ends_at.astimezone(_zone()).isoformat()
    locations = []
    if meeting.place:
        locations.append({"@type": "Place", "name": meeting.place, "address": meeting.place})
    if meeting.remote_url:
        locations.append({"@type": "VirtualLocation", "url": meeting.remote_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    data["eventAttendanceMode"] = "https://schema.org/" + (
        "MixedEventAttendanceMode" if len(locations) == 2 else
        "OnlineEventAttendanceMode" if meeting.remote_url else "OfflineEventAttendanceMode")
    return Markup(json.dumps(data).replace("</", "<\\/"))

@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    found = _or_404(queries.meeting(db.session, meeting_id))
    return render_template("democracy/meeting.html", meeting=found, documents=queries.public_documents(found),
                           json_ld=_event_json_ld(found))

@bp.get("/meetings/<int:meeting_id>/items/<int:number>")
def item(meeting_id: int, number: int):
    found = _or_404(queries.meeting(db.session, meeting_id))
    if found.agenda_published_at is None:
        abort(404)
    agenda_item = _or_404(queries.item(db.session, found, number))
    return render_template("democracy/item.html", meeting=found, item=agenda_item, notice=meetings.key_notice(agenda_item),
                           documents=[] if agenda_item.exempt_paragraph else queries.public_documents(found, agenda_item))

@bp.get("/meetings/documents/<int:document_id>")
def document(document_id: int):
    found = queries.document(db.session, document_id)
    if found is None or found.published_at is None:
        abort(404)
    return render_template("democracy/document.html", document=found, meeting=found.meeting)

@bp.get("/meetings.ics")
def diary_ics():
    return _ics(feeds.meetings_ics(db.session, name=f"{current_app.config['COUNCIL_NAME']} meetings", scope="all",
                                   **_feed_args()), "meetings.ics")

@bp.get("/meetings/committees/<slug>.ics")
def committee_ics(slug: str):
    found = _or_404(queries.committee_by_slug(db.session, slug))
    return _ics(feeds.meetings_ics(db.session, name=found.name, scope=f"committee:{slug}",
                                   committee_ids=[found.id], **_feed_args()), f"{slug}.ics")

@bp.get("/meetings/documents.atom")
def documents_atom():
    body = feeds.documents_atom(db.session, title=f"{current_app.config['COUNCIL_NAME']}: meeting documents",
                                base_url=_feed_args()["base_url"])
    return Response(body, mimetype="application/atom+xml")

# Democratic services ---------------------------------------------------------------------

def _manage(publish: bool = False):
    """The democracy section, whose grants make democratic services staff (made by the migration)."""
    section = democracy_section(db.session)
    if section is None:
        abort(404)
    require("democracy.publish" if publish else "democracy.manage", section)
    return section

def _actor():
    return current_user._get_current_object()

@bp.get("/edit/democracy/")
def staff():
    section = _manage()
    rows = queries.staff_meetings(db.session, utcnow(), _today())
    late_notices = {m.id for m, _ in rows if m.key_decision and any(
        state in ("late", "overdue") for _, _, state in meetings.key_notices(m, _today()))}
    return render_template("democracy/staff.html", rows=rows, committees=queries.committees(db.session),
                           late_notices=late_notices,
                           can_publish=_can_publish(section), today=_today())

def _can_publish(section) -> bool:
    return can(current_user, "democracy.publish", section)

@bp.route("/edit/democracy/committees/new", methods=["GET", "POST"])
def new_committee():
    _manage()
    form = CommitteeForm()
    done = submitted(form, lambda: meetings.save_committee(db.session, _actor(), utcnow(), name=form.name.data,
                                                           description=form.description.data or ""),
                     lambda made: f"{made.name} added.", lambda made: url_for(".staff"))
    if done:
        return done
    return render_template("democracy/staff_form.html", form=form, heading="Add a committee"), \
        400 if form.errors else 200

def _meeting_input(form) -> MeetingInput:
    zone = current_app.config["TIMEZONE"]
    day = form.day.data
    try:
        starts = parse_local(day.day, day.month, day.year, form.starts.data, zone)
    except ValueError:
        raise DemocracyError("Enter the start time on the 24-hour clock, like 18:30", "starts") from None
    ends = None
    if form.ends.data:
        try:
            ends = parse_local(day.day, day.month, day.year, form.ends.data, zone)
        except ValueError:
            raise DemocracyError("Enter the finish time on the 24-hour clock, like 20:30", "ends") from None
    return MeetingInput(starts_at=starts, ends_at=ends, place=form.place.data or "",
                        remote_url=form.remote_url.data or "", key_decision=form.key_decision.data)

def _meeting_form(**kw) -> MeetingForm:
    form = MeetingForm(**kw)
    form.committee.choices = [SelectChoice("", "Choose the committee")] + [
        SelectChoice(c.slug, c.name) for c in queries.committees(db.session)]
    return form

@bp.route("/edit/democracy/meetings/new", methods=["GET", "POST"])
def new_meeting():
    _manage()
    form = _meeting_form()

    def create():
        found = queries.committee_by_slug(db.session, form.committee.data)
        if found is None:
            raise DemocracyError("Choose the committee", "committee")
        return meetings.create_meeting(db.session, _actor(), utcnow(), found, _meeting_input(form))
    done = submitted(form, create, "The meeting is in the diary.",
                     lambda created: url_for(".manage_meeting", meeting_id=created.id))
    if done:
        return done
    return render_template("democracy/staff_form.html", form=form, heading="Add a meeting"), \
        400 if form.errors else 200

def _staff_meeting(meeting_id: int, publish: bool = False):
    _manage(publish)
    return _or_404(queries.meeting(db.session, meeting_id))

def _render_manage(found, **forms):
    refused = any(f.errors for f in forms.values())
    item_choices = [SelectChoice("", "None: about the whole meeting")] + [
        SelectChoice(str(i.id), f"{i.number}. {i.title}") for i in found.items if not i.exempt_paragraph]
    document_form = forms.pop("document_form", None) or DocumentForm()
    document_form.item.choices = item_choices
    state = calendar.agenda_state(found.starts_at, found.agenda_published_at, _today())
    key_deadline = calendar.key_decision_deadline(calendar.local_day(found.starts_at))
    context = {"item_form": ItemForm(), "document_form": document_form, "cancel_form": CancelForm(),
               "publish_form": ConfirmForm(), "decision_form": DecisionForm(),
               "attendance_form": forms.pop("attendance_form", None) or _attendance_form(found), **forms}
    return render_template("democracy/manage_meeting.html", meeting=found, state=state,
                           deadline=calendar.agenda_deadline(calendar.local_day(found.starts_at)),
                           key_deadline=key_deadline, key_notices=meetings.key_notices(found, _today()),
                           can_publish=_can_publish(democracy_section(db.session)),
                           **context), 400 if refused else 200

@bp.get("/edit/democracy/meetings/<int:meeting_id>")
def manage_meeting(meeting_id: int):
    return _render_manage(_staff_meeting(meeting_id))

@bp.route("/edit/democracy/meetings/<int:meeting_id>/change", methods=["GET", "POST"])
def change_meeting(meeting_id: int):
    found = _staff_meeting(meeting_id, publish=True)
    local = found.starts_at.astimezone(_zone())
    form = _meeting_form(data=None if request.method == "POST" else {
        "committee": found.committee.slug, "day": local.date(), "starts": f"{local:%H:%M}",
        "ends": f"{found.ends_at.astimezone(_zone()):%H:%M}" if found.ends_at else "", "place": found.place,
        "remote_url": found.remote_url, "key_decision": found.key_decision})
    done = submitted(form, lambda: meetings.change_meeting(db.session, _actor(), utcnow(), found, _meeting_input(form),
                                                           note=form.note.data or ""),
                     lambda changed: "The meeting is changed; calendars that subscribe will update." if changed
                     else "Nothing changed.", url_for(".manage_meeting", meeting_id=found.id))
    if done:
        return done
    return render_template("democracy/staff_form.html", form=form, heading="Change the meeting"), \
        400 if form.errors else 200

@bp.post("/edit/democracy/meetings/<int:meeting_id>/cancel")
def cancel(meeting_id: int):
    found = _staff_meeting(meeting_id, publish=True)
    form = CancelForm()
    done = submitted(form, lambda: meetings.cancel_meeting(db.session, _actor(), utcnow(), found, form.reason.data),
                     "The meeting is cancelled. It stays in the diary and feeds, marked as cancelled.",
                     url_for(".manage_meeting", meeting_id=found.id))
    return done or _render_manage(found, cancel_form=form)

@bp.post("/edit/democracy/meetings/<int:meeting_id>/items")
def add_item(meeting_id: int):
    found = _staff_meeting(meeting_id)
    form = ItemForm()
    done = submitted(form, lambda: meetings.add_item(
        db.session, _actor(), utcnow(), found, title=form.title.data, body=form.body.data or "",
        exempt_paragraph=int(form.exempt_paragraph.data) if form.exempt_paragraph.data else None,
        key_decision=form.key_decision.data), "Item added to the agenda.",
        url_for(".manage_meeting", meeting_id=found.id))
    return done or _render_manage(found, item_form=form)

@bp.post("/edit/democracy/meetings/<int:meeting_id>/documents")
def add_document(meeting_id: int):
    found = _staff_meeting(meeting_id)
    form = DocumentForm()
    form.item.choices = [SelectChoice("", "")] + [SelectChoice(str(i.id), i.title) for i in found.items]
    done = submitted(form, lambda: meetings.add_document(
        db.session, _actor(), utcnow(), found, kind=form.kind.data, title=form.title.data, body=form.body.data,
        item=next((i for i in found.items if str(i.id) == form.item.data), None)),
        lambda added: "Document published." if added.published_at else
        "Document added. It is published with the agenda.", url_for(".manage_meeting", meeting_id=found.id))
    return done or _render_manage(found, document_form=form)

@bp.post("/edit/democracy/meetings/<int:meeting_id>/publish")
def publish(meeting_id: int):
    found = _staff_meeting(meeting_id, publish=True)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            meetings.publish_agenda(db.session, _actor(), utcnow(), found)
        except DemocracyError as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            db.session.commit()
            state = calendar.agenda_state(found.starts_at, found.agenda_published_at, _today())
            flash("The agenda is published." + (
                " It is late: fewer than five clear working days before the meeting." if state == "late" else ""),
                "success")
    return redirect(url_for(".manage_meeting", meeting_id=found.id))

@bp.post("/edit/democracy/meetings/<int:meeting_id>/items/<int:number>/decision")
def decide(meeting_id: int, number: int):
    found = _staff_meeting(meeting_id, publish=True)
    agenda_item = _or_404(queries.item(db.session, found, number))
    form = DecisionForm()
    if form.validate_on_submit():
        meetings.record_decision(db.session, _actor(), utcnow(), agenda_item, form.decision.data)
        db.session.commit()
        flash(f"Decision on item {number} published.", "success")
        return redirect(url_for(".manage_meeting", meeting_id=found.id))
    return _render_manage(found, decision_form=form)



@bp.post("/edit/democracy/documents/<int:document_id>/files")
def upload(document_id: int):
    _manage()
    found = _or_404(queries.document(db.session, document_id))
    upload_file = request.files.get("file")
    try:
        added = meetings.attach_file(db.session, _actor(), utcnow(), found, files_store.current(),
                                     filename=upload_file.filename if upload_file else "",
                                     data=upload_file.read() if upload_file else b"",
                                     title=request.form.get("title", ""))
    except UploadError as refused:
        db.session.rollback()
        flash(f"Not attached: {refused.message}.", "info")
    else:
        db.session.commit()
        flash(f"{added.title} attached to {found.title}.", "success")
    return redirect(url_for(".manage_meeting", meeting_id=found.meeting_id, _anchor="documents"))


@bp.get("/meetings/files/<stored_name>/<path:filename>")
def file(stored_name: str, filename: str):
    """A meeting document's file: public once its document is."""
    found = _or_404(queries.document_file(db.session, stored_name))
    if found.document.published_at is None:
        abort(404)
    inline = found.content_type == "application/pdf"
    response = send_stored(meetings.file_name(found.stored_name), mimetype=found.content_type,
                           as_attachment=not inline, download_name=found.filename, max_age=300)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _councillor(slug: str, field: str = "councillor"):
    found = queries.councillor_by_slug(db.session, slug)
    if found is None:
        raise DemocracyError("Choose the councillor", field)
    return found


def _member_form() -> MemberForm:
    form = MemberForm()
    form.councillor.choices = [SelectChoice("", "Choose the councillor")] + [
        SelectChoice(slug, name) for slug, name in queries.councillor_choices(db.session)]
    return form


@bp.route("/edit/democracy/committees/<slug>", methods=["GET", "POST"])
def manage_committee(slug: str):
    _manage()
    found = _or_404(queries.committee_by_slug(db.session, slug))
    form = _member_form()
    done = submitted(form, lambda: meetings.add_member(
        db.session, _actor(), utcnow(), found, _councillor(form.councillor.data), role=form.role.data,
        starts=form.starts.data), lambda member: f"Councillor {member.councillor.name} added to {found.name}.",
        url_for(".manage_committee", slug=slug))
    if done:
        return done
    return render_template("democracy/manage_committee.html", committee=found, form=form, end_form=EndForm(),
                           members=meetings.current_members(found, _today())), 400 if form.errors else 200


def _attendance_form(found) -> AttendanceForm:
    form = AttendanceForm()
    members = [(m.councillor.slug, m.councillor.name) for m in meetings.current_members(found.committee, _today())]
    form.councillor.choices = [SelectChoice("", "Choose the councillor")] + [
        SelectChoice(slug, name) for slug, name in queries.councillor_choices(db.session)]
    form.substitute_for.choices = [SelectChoice("", "Not a substitute")] + [SelectChoice(s, n) for s, n in members]
    return form


@bp.post("/edit/democracy/meetings/<int:meeting_id>/attendance")
def attendance(meeting_id: int):
    found = _staff_meeting(meeting_id)
    form = _attendance_form(found)
    done = submitted(form, lambda: meetings.record_attendance(
        db.session, _actor(), utcnow(), found, _councillor(form.councillor.data), form.status.data,
        substitute_for=_councillor(form.substitute_for.data, "substitute_for") if form.substitute_for.data else None),
        lambda row: f"Attendance recorded for Councillor {row.councillor.name}.",
        url_for(".manage_meeting", meeting_id=found.id, _anchor="attendance"))
    return done or _render_manage(found, attendance_form=form)


# Changing and removing what was added: preparing is enough while it is unpublished; once it is
# public, changing or removing it is publishing.

def _staff_item(meeting_id: int, number: int):
    found = _staff_meeting(meeting_id)
    agenda_item = _or_404(queries.item(db.session, found, number))
    if meetings.item_is_public(agenda_item):
        _manage(publish=True)
    return found, agenda_item


@bp.route("/edit/democracy/meetings/<int:meeting_id>/items/<int:number>/change", methods=["GET", "POST"])
def change_item(meeting_id: int, number: int):
    found, agenda_item = _staff_item(meeting_id, number)
    form = ItemChangeForm(data=None if request.method == "POST" else {
        "title": agenda_item.title, "body": agenda_item.body, "key_decision": agenda_item.key_decision,
        "exempt_paragraph": str(agenda_item.exempt_paragraph or "")})
    done = submitted(form, lambda: meetings.change_item(
        db.session, _actor(), utcnow(), agenda_item, title=form.title.data, body=form.body.data or "",
        exempt_paragraph=int(form.exempt_paragraph.data) if form.exempt_paragraph.data else None,
        key_decision=form.key_decision.data),
        lambda changed: f"Item {number} changed." if changed else "Nothing changed.",
        url_for(".manage_meeting", meeting_id=found.id))
    if done:
        return done
    return render_template("democracy/edit_item.html", form=form, meeting=found, item=agenda_item,
                           remove_form=RemoveForm()), 400 if form.errors else 200


@bp.post("/edit/democracy/meetings/<int:meeting_id>/items/<int:number>/move")
def move_item(meeting_id: int, number: int):
    found, agenda_item = _staff_item(meeting_id, number)
    if RemoveForm().validate_on_submit() and meetings.move_item(
            db.session, _actor(), utcnow(), agenda_item, up=request.form.get("direction") == "up"):
        db.session.commit()
        flash(f"{agenda_item.title} is now item {agenda_item.number}.", "success")
    return redirect(url_for(".manage_meeting", meeting_id=found.id, _anchor="agenda"))


@bp.post("/edit/democracy/meetings/<int:meeting_id>/items/<int:number>/remove")
def remove_item(meeting_id: int, number: int):
    found, agenda_item = _staff_item(meeting_id, number)
    if RemoveForm().validate_on_submit():
        try:
            meetings.remove_item(db.session, _actor(), utcnow(), agenda_item)
        except DemocracyError as refused:
            db.session.rollback()
            flash(f"Not removed: {refused.message}.", "error")
            return redirect(url_for(".change_item", meeting_id=found.id, number=number))
        db.session.commit()
        flash(f"Item {number} removed; the items after it are numbered again.", "success")
    return redirect(url_for(".manage_meeting", meeting_id=found.id, _anchor="agenda"))


def _staff_document(document_id: int):
    _manage()
    found = _or_404(queries.document(db.session, document_id))
    if meetings.document_is_public(found):
        _manage(publish=True)
    return found


@bp.route("/edit/democracy/documents/<int:document_id>/change", methods=["GET", "POST"])
def change_document(document_id: int):
    found = _staff_document(document_id)
    form = DocumentChangeForm(data=None if request.method == "POST" else {
        "kind": found.kind, "title": found.title, "body": found.body})
    done = submitted(form, lambda: meetings.change_document(db.session, _actor(), utcnow(), found, kind=form.kind.data,
                                                            title=form.title.data, body=form.body.data),
                     lambda changed: (f"{found.title} changed" + (": its page shows when it was updated." if
                                                                  found.published_at else ".")) if changed
                     else "Nothing changed.", url_for(".manage_meeting", meeting_id=found.meeting_id, _anchor="documents"))
    if done:
        return done
    return render_template("democracy/edit_document.html", form=form, document=found, meeting=found.meeting,
                           remove_form=RemoveForm()), 400 if form.errors else 200


@bp.post("/edit/democracy/documents/<int:document_id>/remove")
def remove_document(document_id: int):
    found = _staff_document(document_id)
    meeting_id, title = found.meeting_id, found.title
    if RemoveForm().validate_on_submit():
        meetings.remove_document(db.session, _actor(), utcnow(), found, files_store.current())
        db.session.commit()
        flash(f"{title} removed.", "success")
    return redirect(url_for(".manage_meeting", meeting_id=meeting_id, _anchor="documents"))


@bp.post("/edit/democracy/files/<stored_name>/remove")
def remove_file(stored_name: str):
    _manage()
    found = _or_404(queries.document_file(db.session, stored_name))
    document = _staff_document(found.document_id)
    title = found.title
    if RemoveForm().validate_on_submit():
        meetings.remove_file(db.session, _actor(), utcnow(), found, files_store.current())
        db.session.commit()
        flash(f"{title} removed from {document.title}.", "success")
    return redirect(url_for(".change_document", document_id=document.id))


@bp.post("/edit/democracy/committees/<slug>/members/<int:member_id>/end")
def end_member(slug: str, member_id: int):
    _manage(publish=True)
    found = _or_404(queries.committee_by_slug(db.session, slug))
    member = next((m for m in found.members if m.id == member_id), None)
    _or_404(member)
    return ended(lambda ends: meetings.end_membership(db.session, _actor(), utcnow(), member, ends=ends),
                 f"Councillor {member.councillor.name}'s membership ends; it stays in the committee's history.",
                 url_for(".manage_committee", slug=slug))
