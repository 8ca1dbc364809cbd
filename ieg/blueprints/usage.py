"""Website usage (R26) and channel take-up (G22, E18).

Public: /statistics/ (monthly figures, 12 and 24-month trends, the methodology and privacy
notice) and its open-data CSV. Staff: /edit/usage (every section for administrators and
auditors; their own for editors) and /edit/usage/<section> (page by page: rising, falling,
never visited); /staff/channel-take-up (enquiries by channel, baselines and targets, set by
administrators). The counting and the rules are in ieg/usage/."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ieg import figures
from ieg.blueprints.common import show_on_form
from ieg.blueprints.usage_forms import TargetForm
from ieg.content import sitemap
from ieg.extensions import db
from ieg.models import Section
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import to_local, utcnow
from ieg.usage import channels, charts, counting, reports, trends

bp = Blueprint("usage", __name__)


def _today():
    return to_local(utcnow(), current_app.config["TIMEZONE"]).date()


@bp.get("/statistics/")
def statistics():
    stats = reports.statistics(db.session, _today())
    last_year = stats.months[-24:-12]
    chart_12 = charts.bars([m.short_label for m in stats.last_12], [m.impressions for m in stats.last_12],
                           lines=[m.impressions for m in last_year] if len(last_year) == 12 else None)
    chart_24 = charts.bars([m.short_label for m in stats.months], [m.impressions for m in stats.months], every=3)
    return render_template("usage/statistics.html", stats=stats, chart_12=chart_12, chart_24=chart_24,
                           rule=trends, gap=int(counting.VISIT_GAP.total_seconds() // 60))


@bp.get("/statistics/usage.csv")
def statistics_csv():
    stats = reports.statistics(db.session, _today())
    return Response(reports.open_data_csv([*stats.months, stats.current]), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="website-usage.csv"'})


def _sections_seen() -> list[Section]:
    everything = db.session.query(Section).order_by(Section.title).all()
    if can(current_user, "usage.view"):
        return everything
    return [section for section in everything if can(current_user, "usage.section", section)]


@bp.get("/edit/usage")
def staff():
    if not can(current_user, "usage.view"):
        require("edit.dashboard")
    today = _today()
    sections = _sections_seen()
    lines = reports.sections(db.session, [(s.slug, s.title) for s in sections], today)
    whole_site = can(current_user, "usage.view")
    before, start, end = reports.period(today)
    return render_template(
        "usage/staff.html", lines=lines, whole_site=whole_site, start=start, last_day=end - timedelta(days=1),
        entries=reports.top(db.session, "entry", today) if whole_site else [],
        referrers=reports.top(db.session, "referrer", today) if whole_site else [],
        devices=reports.top(db.session, "device", today) if whole_site else [],
        robots=reports.top(db.session, "robot", today) if whole_site else [], robot_labels=counting.ROBOT_LABELS)


@bp.get("/edit/usage/<slug>")
def section(slug: str):
    found = db.session.query(Section).filter_by(slug=slug).first()
    if found is None:
        abort(404)
    require("usage.section", found)
    entries, _ = sitemap.content_entries(db.session)
    live = [entry.path for entry in entries if entry.path.startswith(f"/{slug}/") and entry.path != f"/{slug}/"]
    today = _today()
    report = reports.pages(db.session, slug, live, today)
    before, start, end = reports.period(today)
    return render_template("usage/section.html", section=found, report=report, start=start, end=end)


def _channel_page(form: TargetForm, status: int = 200):
    today = _today()
    months = reports.months_ending(f"{today:%Y-%m}", 13)
    by_month = channels.by_month(db.session, months)
    complete = by_month[:-1]
    chart = charts.bars([reports.MonthFigures(m.month).short_label for m in complete],
                        [m.e_share or 0 for m in complete], every=2)
    return render_template("usage/channels.html", figures=by_month, chart=chart, form=form,
                           channel_names=channels.CHANNEL_LABELS, channel_list=list(channels.CHANNEL_LABELS),
                           progress=channels.progress(db.session, complete[-1].month), last=complete[-1],
                           targets=channels.targets(db.session), services=dict(channels.services(db.session)),
                           month_label=lambda month: reports.MonthFigures(month).label,
                           percent_text=figures.percent_text), status


def _target_form() -> TargetForm:
    form = TargetForm()
    form.section_id.choices = [SelectChoice("", "Whole council")] + [
        SelectChoice(str(i), t) for i, t in channels.services(db.session)]
    return form


@bp.get("/staff/channel-take-up")
def channel_take_up():
    require("reports.view")
    return _channel_page(_target_form())


@bp.post("/staff/channel-take-up")
def set_target():
    require("channels.manage")
    form = _target_form()
    if form.validate():
        raw_section = form.section_id.data or ""
        try:
            section_id = int(raw_section) if raw_section else None
        except ValueError:
            section_id = -1
        try:
            channels.set_target(db.session, current_user._get_current_object(), utcnow(), section_id=section_id,
                                channel=form.channel.data, measure=form.measure.data, percent=form.percent.data,
                                month=form.month.data)
        except channels.TargetError as refused:
            db.session.rollback()
            show_on_form(form, refused)
        else:
            db.session.commit()
            flash("Saved.", "success")
            return redirect(url_for(".channel_take_up") + "#targets")
    return _channel_page(form, 400)


@bp.post("/staff/channel-take-up/targets/<int:target_id>/remove")
def remove_target(target_id: int):
    require("channels.manage")
    try:
        channels.remove_target(db.session, current_user._get_current_object(), utcnow(), target_id)
    except channels.TargetError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash("Removed.", "success")
    return redirect(url_for(".channel_take_up") + "#targets")
