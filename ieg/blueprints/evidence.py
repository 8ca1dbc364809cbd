"""The evidence area (/evidence): the outcomes register, each outcome's assessment history,
live evidence and evidence items, the evidence pack and the IEG return. Auditors read and
export; administrators assess and add evidence. The rules are in ieg/evidence/."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.common import get_or_404, send_stored
from ieg.evidence import access, ieg_return, items, live, pack, register, reports
from ieg.evidence.items import EvidenceError
from ieg.evidence.register import AssessmentError
from ieg import files_store
from ieg.extensions import db
from ieg.models import EvidenceItem
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("evidence", __name__, url_prefix="/evidence")


@bp.context_processor
def _words():
    return {"rag_labels": register.RAG_LABELS, "status_labels": register.STATUS_LABELS,
            "kind_labels": items.KIND_LABELS, "field_labels": register.FIELD_LABELS,
            "day": lambda d: f"{d.day} {d:%B %Y}" if d else ""}


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _today():
    return utcnow().astimezone(ZoneInfo(_zone())).date()


def _actor():
    return current_user._get_current_object()


def _outcome(ref: str):
    found = register.outcome(ref.upper())
    if found is None:
        abort(404)
    return found


def _period():
    """?from=&to= (local dates), else the last 12 months; a bad date is a 400 naming it."""
    return reports.parse_period(request.args.get("from"), request.args.get("to"), _today())


def _log_export(what: str, details: dict) -> None:
    access.log_export(db.session, _actor(), what, details, utcnow())


@bp.errorhandler(reports.ReportError)
def _bad_period(error: reports.ReportError):
    return render_template("errors/error.html", title="There is a problem with the dates",
                           message=str(error), status=400), 400


@bp.get("/")
def dashboard():
    require("evidence.view")
    entries = register.entries(db.session, _today())
    period = reports.default_period(_today())
    findings = _findings(period)
    return render_template("evidence/dashboard.html", areas=register.grouped(db.session, _today()),
                           summary=register.summary(entries), evidence=items.counts(db.session, url_for),
                           findings=findings, flagged=[f for f in findings.values() if f.flagged], today=_today(),
                           period=period)


@bp.get("/outcomes/<ref>")
def outcome(ref: str):
    require("evidence.view")
    item = _outcome(ref)
    period = _period()
    assessment = register.assessments(db.session).get(item.ref)
    evidence = live.for_ref(db.session, item.ref, period, utcnow(), _zone())
    return render_template("evidence/outcome.html", outcome=item, assessment=assessment,
                           finding=evidence.finding(assessment.rag if assessment else None) if evidence else None,
                           status=register.status(item, assessment, _today()), history=register.history(db.session, item.ref),
                           live=evidence, period=period, linked=items.for_outcome(db.session, item.ref, url_for),
                           expectation=register.EXPECTED_TEXT.get(item.level, ""))


@bp.route("/outcomes/<ref>/assess", methods=["GET", "POST"])
def assess(ref: str):
    require("evidence.manage")
    item = _outcome(ref)
    current = register.assessments(db.session).get(item.ref)
    data = request.form if request.method == "POST" else {
        "rag": current.rag if current else "", "owner": current.owner if current else "",
        "target_date": current.target_date.isoformat() if current and current.target_date else "",
        "commentary": current.commentary if current else ""}
    errors = {}
    if request.method == "POST":
        try:
            changed = register.assess(
                db.session, _actor(), item.ref, rag=data.get("rag", ""), owner=data.get("owner", ""),
                target_date=register.parse_date(data.get("target_date", "")), commentary=data.get("commentary", ""),
                reason=data.get("reason", ""), now=utcnow())
        except AssessmentError as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            db.session.commit()
            flash(f"{item.ref} assessment saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("evidence.outcome", ref=item.ref))
    return render_template("evidence/outcome_assess.html", outcome=item, data=data, errors=errors,
                           status=400 if errors else 200), 400 if errors else 200


@bp.route("/outcomes/<ref>/evidence/new", methods=["GET", "POST"])
def add_evidence(ref: str):
    require("evidence.manage")
    item = _outcome(ref)
    data, errors = request.form if request.method == "POST" else {}, {}
    if request.method == "POST":
        kind = data.get("kind", "")
        upload = request.files.get("document")
        try:
            items.add(db.session, _actor(), item.ref, kind, target=data.get(f"target-{kind}", ""),
                      title=data.get("title", ""), note=data.get("note", ""), now=utcnow(),
                      document=(upload.filename, upload.read()) if upload and kind == "document" else None,
                      files=files_store.current())
        except EvidenceError as refused:
            db.session.rollback()
            errors = {("target-" + kind if name == "target" else name): text for name, text in refused.errors.items()}
        else:
            db.session.commit()
            flash("Evidence added.", "success")
            return redirect(url_for("evidence.outcome", ref=item.ref))
    return render_template("evidence/outcome_evidence.html", outcome=item, data=data, errors=errors,
                           reports=items.REPORTS), 400 if errors else 200


def _item(ref: str, item_id: int) -> EvidenceItem:
    found = get_or_404(EvidenceItem, item_id)
    if found.ref != ref.upper():
        abort(404)
    return found


@bp.route("/outcomes/<ref>/evidence/<int:item_id>/remove", methods=["GET", "POST"])
def remove_evidence(ref: str, item_id: int):
    require("evidence.manage")
    found = _item(ref, item_id)
    errors = {}
    if request.method == "POST":
        try:
            items.remove(db.session, _actor(), found, request.form.get("reason", ""), utcnow())
        except EvidenceError as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            db.session.commit()
            flash("Evidence removed. The audit log keeps what it was and why it was removed.", "success")
            return redirect(url_for("evidence.outcome", ref=found.ref))
    return render_template("evidence/outcome_evidence_remove.html", outcome=_outcome(ref), item=found,
                           errors=errors, data=request.form), 400 if errors else 200


@bp.get("/documents/<int:item_id>")
def document(item_id: int):
    require("evidence.view")
    found = get_or_404(EvidenceItem, item_id)
    if found.kind != "document" or not found.sha256:
        abort(404)
    response = send_stored(items.document_name(found), mimetype=found.content_type, as_attachment=True,
                           download_name=found.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/history")
def history():
    require("evidence.view")
    return render_template("evidence/history.html", history=register.history(db.session))


def _findings(period: reports.Period) -> dict:
    """The live evidence for the period judged against the assessments in force."""
    return live.findings(live.everything(db.session, period, utcnow(), _zone()), register.assessments(db.session))


def _return_table():
    entries = register.entries(db.session, _today())
    return ieg_return.rows(entries, items.by_outcome(db.session, url_for), current_app.config["BASE_URL"],
                           _findings(reports.default_period(_today())))


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/return.<any(csv, xlsx):extension>")
def ieg_return_export(extension: str):
    require("evidence.export")
    table = _return_table()
    name = f"ieg-return-{_today().isoformat()}.{extension}"
    _log_export("IEG return", {"format": extension, "outcomes": len(table)})
    db.session.commit()
    if extension == "csv":
        return _download(ieg_return.csv_text(table), "text/csv", name)  # Flask adds "; charset=utf-8"
    return _download(ieg_return.xlsx_bytes(table),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)


@bp.get("/pack.zip")
def evidence_pack():
    require("evidence.export")
    period, now = _period(), utcnow()
    built = pack.build(db.session, period=period, now=now, zone=_zone(), council=current_app.config["COUNCIL_NAME"],
                       base_url=current_app.config["BASE_URL"], actor=_actor(), url_for=url_for,
                       files=files_store.current(),
                       masked=not access.sees_personal_data(_actor()))
    pack.record_export(db.session, _actor(), built, "download", now)
    db.session.commit()
    return _download(built.zip_bytes(), "application/zip",
                     f"evidence-pack-{period.start.isoformat()}-to-{period.end.isoformat()}.zip")
