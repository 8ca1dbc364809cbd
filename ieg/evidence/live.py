"""Live evidence for the outcomes IEG itself delivers (docs/design.md 3.6): figures computed from
the running system when they are viewed, each with its period and the query it came from,
so an auditor can run the same query against the same database and get the same figure.

One function per outcome; `for_ref` picks it. Each returns a LiveEvidence: headline figures,
an optional table, the SQL (compiled for the database in use) and a link to the page in IEG
that shows the same thing in full. The functions only read.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from ieg import figures
from ieg.casework import fcr, standards
from ieg.content import accessibility, az
from ieg.evidence import reports, shortfall
from ieg.evidence.reports import Period
from ieg.models import (AddressChange, AddressChangeRecord, Attachment, Customer, DeepLink, Enquiry,
                        LinkCheckResult, Page, PageEvent, PageRevision, PageService, Section, SectionGrant,
                        StandardsVersion)
from ieg.models.usage import UsageDay
from ieg.usage import channels
from ieg.usage import reports as usage
from ieg.models.casework import CHANNELS
from ieg.models.content import PUBLISHED
from ieg.timeutil import format_local, to_local

PUBLISHING_ACTIONS = ("published", "unpublished", "archived")
# The ways residents contact the council ("api" is other systems passing enquiries on).
RESIDENTS_CHANNELS = ("web", "email", "phone", "face_to_face", "letter")
# e-GMS 3.1's mandatory elements, as IEG fills them for a page: the title, the creator (the
# service), the date (first published) and at least one subject (an LGSL service or keywords).
EGMS_MANDATORY = ("title", "creator", "date", "subject")


@dataclass
class LiveEvidence:
    ref: str
    title: str
    period: Period | None            # None: a snapshot of the system now
    figures: list[tuple[str, str]]   # (what, value) as shown
    source: str                      # the SQL, or how the figure is computed
    link: tuple[str, dict] | None = None  # (endpoint, values) of the page that shows it in full
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    computed_at: datetime | None = None
    measures: dict = field(default_factory=dict)  # the figures as numbers, for ieg.evidence.shortfall

    def finding(self, rag: str | None) -> shortfall.Finding | None:
        """Whether these figures bear out an assessment (ieg.evidence.shortfall's rule)."""
        return shortfall.judge(self.ref, self.measures, rag)


def sql(session: Session, stmt) -> str:
    """The statement as the database in use runs it, values inlined where they can be."""
    dialect = session.get_bind().dialect
    try:
        return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    except Exception:  # a type with no literal form (e.g. our UTC datetimes): show the parameters
        compiled = stmt.compile(dialect=dialect)
        return f"{compiled}\n-- parameters: {compiled.params}"


_pct, _share = figures.percent_text, figures.share_text


def r24(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    start, end = period.bounds(zone)
    editors = (select(SectionGrant.section_id, func.count(distinct(SectionGrant.user_id)).label("editors"),
                      func.count(distinct(SectionGrant.user_id)).filter(SectionGrant.role == "publisher")
                      .label("publishers"))
               .group_by(SectionGrant.section_id).subquery())
    activity = (select(Page.section_id, func.count(PageEvent.id).label("events"))
                .join(PageEvent, PageEvent.page_id == Page.id)
                .where(PageEvent.action.in_(PUBLISHING_ACTIONS), PageEvent.at >= start, PageEvent.at < end)
                .group_by(Page.section_id).subquery())
    stmt = (select(Section.title, func.coalesce(editors.c.editors, 0), func.coalesce(editors.c.publishers, 0),
                   func.coalesce(activity.c.events, 0))
            .outerjoin(editors, editors.c.section_id == Section.id)
            .outerjoin(activity, activity.c.section_id == Section.id)
            .order_by(Section.sort_order, Section.title))
    rows = [list(row) for row in session.execute(stmt)]
    with_editors = sum(1 for row in rows if row[1])
    return LiveEvidence(
        "R24", "Service sections edited by their own services", period,
        [("Sections", str(len(rows))), ("Sections with their own editors", _share(with_editors, len(rows))),
         ("Pages published, unpublished or archived in the period", str(sum(row[3] for row in rows)))],
        sql(session, stmt), ("admin.dashboard", {}),
        ["Section", "Editors", "Of whom publishers", "Publishing actions in the period"], rows,
        measures={"total": len(rows), "passing": with_editors})


def r28(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    total = reports.r28(session, period, now, zone).total
    return LiveEvidence(
        "R28", "Acknowledgements carrying the enquiry's reference", period,
        [("Web-form and email enquiries received", str(total.received)),
         ("Acknowledged", str(total.acknowledged)),
         ("Acknowledgement carried the reference", _share(total.with_reference, total.received)),
         ("Median time to acknowledge", reports.duration_text(total.median))],
        sql(session, reports.r28_statement(period, zone, None)), ("reports.report", {"name": "r28"}),
        measures={"received": total.received, "acknowledged": total.acknowledged,
                  "with_reference": total.with_reference})


def r29(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    report = reports.r29(session, period, now, zone)
    total = report.total
    rows = [[reports.month_label(line.month), line.figures.counted, line.figures.in_time, line.figures.breached,
             line.figures.pending, _pct(line.figures.percent_in_time)] for line in report.month_lines()]
    return LiveEvidence(
        "R29", "Email enquiries answered within one working day", period,
        [("Email enquiries counted", str(total.counted)), ("Answered in time", str(total.in_time)),
         ("Breached", str(total.breached)), ("Still inside their deadline", str(total.pending)),
         ("In time, of those decided", _pct(total.percent_in_time))],
        sql(session, reports.r29_statement(period, now, zone)), ("reports.report", {"name": "r29"}),
        ["Month", "Counted", "In time", "Breached", "Pending", "In time %"], rows,
        measures={"decided": total.decided, "in_time": total.in_time, "pending": total.pending})


def r25(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    version = standards.current(session)
    total = reports.r29(session, period, now, zone).total
    stmt = select(StandardsVersion).order_by(StandardsVersion.id.desc()).limit(1)
    return LiveEvidence(
        "R25", "Published service standards and performance against them", period,
        [("Standards in force since", version.created_at.strftime("%-d %B %Y") if version.created_at else ""),
         ("Reply to email within", f"{version.response_days} working day{'s' if version.response_days != 1 else ''}"),
         ("Acknowledge within", f"{version.acknowledgement_minutes} minutes"),
         ("Published performance (R29, the period)", _pct(total.percent_in_time))],
        sql(session, stmt), ("service_standards.index", {}),
        measures={"standards": int(version is not None), "decided": total.decided})


def r3(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    entries = az.entries(session)
    kinds = {kind: sum(1 for e in entries if e.kind == kind) for kind in ("page", "alias", "deep_link")}
    latest = (select(LinkCheckResult.deep_link_id, func.max(LinkCheckResult.id).label("id"))
              .where(LinkCheckResult.deep_link_id.is_not(None)).group_by(LinkCheckResult.deep_link_id).subquery())
    stmt = (select(DeepLink.label, DeepLink.provider, DeepLink.url, LinkCheckResult.ok, LinkCheckResult.reason,
                   LinkCheckResult.checked_at)
            .outerjoin(latest, latest.c.deep_link_id == DeepLink.id)
            .outerjoin(LinkCheckResult, LinkCheckResult.id == latest.c.id).order_by(DeepLink.label))
    rows = [[label, provider, url, "not yet checked" if ok is None else ("working" if ok else f"broken: {reason}"),
             checked.strftime("%-d %b %Y %H:%M") if checked else ""]
            for label, provider, url, ok, reason, checked in session.execute(stmt)]
    working = sum(1 for row in rows if row[3] == "working")
    checked = sum(1 for row in rows if row[4])
    services = session.scalar(select(func.count(distinct(PageService.lgsl_id))).join(Page, Page.id == PageService.page_id)
                              .where(Page.status == PUBLISHED))
    return LiveEvidence(
        "R3", "A-Z of services with LGSL deep links", None,
        [("A-Z entries", str(len(entries))), ("Pages", str(kinds["page"])), ("Other names (aliases)", str(kinds["alias"])),
         ("Deep links to other councils' services", str(kinds["deep_link"])),
         ("LGSL services with a published page", str(services or 0)),
         ("Deep links checked", f"{checked} of {len(rows)}" + (
             f" ({len(rows) - checked} not yet checked: the check-links job runs nightly)" if checked < len(rows) else "")),
         ("Working at their last check", _share(working, checked) if checked else "None checked yet")],
        sql(session, stmt), ("az.index", {}), ["Deep link", "Provider", "Address", "Last check", "Checked"], rows,
        measures={"entries": len(entries), "deep_links": len(rows), "checked": checked, "broken": checked - working})


def _published_pages(session: Session):
    return session.execute(
        select(Page, PageRevision, Section.title)
        .join(PageRevision, PageRevision.id == Page.live_revision_id).join(Section, Section.id == Page.section_id)
        .where(Page.status == PUBLISHED).order_by(Section.title, PageRevision.title)).all()


def g20(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    documents: dict[int, list[accessibility.Document]] = {}
    # What the public sees: files published with their page (not those waiting for a publisher).
    for attachment in session.scalars(select(Attachment).where(Attachment.published_at.is_not(None))):
        documents.setdefault(attachment.page_id, []).append(
            accessibility.Document(title=attachment.title, filename=attachment.filename))
    rows, passing = [], 0
    for page, revision, section in _published_pages(session):
        findings = _checked(revision.body_markdown, revision.title, tuple(documents.get(page.id, ())))
        errors = [f for f in findings if f.level == "error"]
        passing += not errors
        if findings:
            rows.append([section, revision.title, len(errors), len(findings) - len(errors),
                         "; ".join(f.message for f in findings[:3])])
    total = passing + sum(1 for row in rows if row[2])
    return LiveEvidence(
        "G20", "Published pages passing the content accessibility checks (WCAG 2.2 AA)", None,
        [("Published pages", str(total)), ("With no accessibility errors", _share(passing, total)),
         ("Pages with warnings or errors (listed)", str(len(rows)))],
        "Every published page's live revision is checked by ieg.content.accessibility.check_page, the same "
        "checks that stop an editor submitting a page with errors (headings in order, alternative text, link "
        "text, table headers, document links). The page templates themselves are tested with axe-core in the "
        "browser test suite.\n" + sql(session, select(Page.id, PageRevision.body_markdown)
                                      .join(PageRevision, PageRevision.id == Page.live_revision_id)
                                      .where(Page.status == PUBLISHED)),
        None, ["Section", "Page", "Errors", "Warnings", "Findings"], rows,
        measures={"total": total, "passing": passing})


@lru_cache(maxsize=4096)
def _checked(body: str, title: str, documents: tuple) -> list[accessibility.Finding]:
    """A page's accessibility findings, kept per process: the same text always gives the same
    findings, and checking every published page again was most of the register's time."""
    return accessibility.check_page(body, title=title, documents=documents)


def egms_missing(revision: PageRevision, section: str, page: Page, services: set[int]) -> list[str]:
    """The mandatory e-GMS elements a published page lacks."""
    present = {"title": bool(revision.title.strip()), "creator": bool(section.strip()),
               "date": page.first_published_at is not None,
               "subject": bool(services) or bool((revision.meta or {}).get("egms_subject_keywords", "").strip())}
    return [name for name in EGMS_MANDATORY if not present[name]]


def g21(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    services: dict[int, set[int]] = {}
    for page_id, lgsl_id in session.execute(select(PageService.page_id, PageService.lgsl_id)):
        services.setdefault(page_id, set()).add(lgsl_id)
    pages = _published_pages(session)
    rows = []
    for page, revision, section in pages:
        missing = egms_missing(revision, section, page, services.get(page.id, set()))
        if missing:
            rows.append([section, revision.title, ", ".join(missing)])
    stmt = (select(Page.id, PageRevision.title, Section.title, Page.first_published_at,
                   PageRevision.meta["egms_subject_keywords"].as_string(), func.count(PageService.lgsl_id))
            .join(PageRevision, PageRevision.id == Page.live_revision_id).join(Section, Section.id == Page.section_id)
            .outerjoin(PageService, PageService.page_id == Page.id).where(Page.status == PUBLISHED)
            .group_by(Page.id, PageRevision.title, Section.title, Page.first_published_at,
                      PageRevision.meta["egms_subject_keywords"].as_string()))
    return LiveEvidence(
        "G21", "Published pages with complete mandatory e-GMS metadata", None,
        [("Published pages", str(len(pages))),
         ("With title, creator, date and subject", _share(len(pages) - len(rows), len(pages)))],
        sql(session, stmt), None, ["Section", "Page", "Missing"], rows,
        measures={"total": len(pages), "passing": len(pages) - len(rows)})


def g25(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    start, end = period.bounds(zone)
    stmt = (select(AddressChange.id, AddressChange.recorded_at,
                   func.count(AddressChangeRecord.id).filter(AddressChangeRecord.action == "updated"),
                   func.count(AddressChangeRecord.id).filter(AddressChangeRecord.action == "kept"))
            .outerjoin(AddressChangeRecord, AddressChangeRecord.address_change_id == AddressChange.id)
            .where(AddressChange.recorded_at >= start, AddressChange.recorded_at < end)
            .group_by(AddressChange.id, AddressChange.recorded_at).order_by(AddressChange.recorded_at.desc()))
    found = session.execute(stmt).all()
    rows = [[f"Change {change_id}", format_local(at, zone), updated, kept] for change_id, at, updated, kept in found]
    return LiveEvidence(
        "G25", "A change of address told once updates every record", period,
        [("Changes of address recorded", str(len(rows))),
         ("Records updated by them", str(sum(row[2] for row in rows))),
         ("Closed records deliberately kept at the old address", str(sum(row[3] for row in rows)))],
        sql(session, stmt), None, ["Change", "Recorded", "Records updated", "Records kept"], rows,
        measures={"changes": len(rows), "updated": sum(row[2] for row in rows)})


def e19(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    start, end = period.bounds(zone)
    calendar = standards.calendar_for(standards.current(session), zone)
    lines = fcr.report(session, calendar, start, end, now)
    totals = fcr.Cell()
    by_channel: dict[str, fcr.Cell] = {}
    for line in lines:
        cell = by_channel.setdefault(line.channel, fcr.Cell())
        for name in ("received", "claimed", "followed_up", "confirmed", "pending"):
            setattr(cell, name, getattr(cell, name) + getattr(line.cell, name))
            setattr(totals, name, getattr(totals, name) + getattr(line.cell, name))
    rows = [[channel.replace("_", " ").capitalize(), cell.received, cell.confirmed, cell.pending, _pct(cell.percent)]
            for channel, cell in sorted(by_channel.items(), key=lambda item: CHANNELS.index(item[0])
                                        if item[0] in CHANNELS else 99)]
    return LiveEvidence(
        "E19", "Enquiries resolved at first contact", period,
        [("Enquiries received", str(totals.received)), ("Resolved at first contact and not followed up",
                                                         str(totals.confirmed)),
         ("Still inside the follow-up window", str(totals.pending)), ("First-contact resolution", _pct(totals.percent))],
        f"Computed by ieg.casework.fcr.report: an enquiry counts when staff marked it resolved at first contact "
        f"and the customer did not come back within {fcr.WINDOW_DAYS} working days, by replying or with a new "
        f"enquiry of the same type. It reads enquiries and their reply_in events.",
        ("staff.first_contact_resolution", {}), ["Channel", "Received", "Resolved at first contact", "Pending", "%"],
        rows, measures={"decided": totals.decided, "confirmed": totals.confirmed})


def r27(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    start, end = period.bounds(zone)
    in_period = and_(Enquiry.received_at >= start, Enquiry.received_at < end)
    stmt = (select(Enquiry.channel, func.count(Enquiry.id), func.count(distinct(Enquiry.customer_id)))
            .where(in_period).group_by(Enquiry.channel))
    counts = {channel: (enquiries, customers) for channel, enquiries, customers in session.execute(stmt)}
    per_customer = (select(Enquiry.customer_id).where(in_period).group_by(Enquiry.customer_id)
                    .having(func.count(distinct(Enquiry.channel)) > 1).subquery())
    several = session.scalar(select(func.count()).select_from(per_customer)) or 0
    customers = session.scalar(select(func.count(distinct(Enquiry.customer_id))).where(in_period)) or 0
    records = session.scalar(select(func.count(Customer.id)).where(Customer.merged_into_id.is_(None))) or 0
    rows = [[channel.replace("_", " ").capitalize(), *counts.get(channel, (0, 0))] for channel in CHANNELS]
    return LiveEvidence(
        "R27", "Enquiries on every channel against one customer record", period,
        [("Enquiries received", str(sum(row[1] for row in rows))), ("Customers they came from", str(customers)),
         ("Customers who used more than one channel", str(several)), ("Customer records in all", str(records))],
        sql(session, stmt), ("staff.dashboard", {}), ["Channel", "Enquiries", "Customers"], rows,
        measures={"enquiries": sum(row[1] for row in rows), "customers": customers,
                  "channels_missing": [row[0].lower() for row, channel in zip(rows, CHANNELS)
                                       if channel in RESIDENTS_CHANNELS and not row[1]]})


def r7(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    """Reports of environmental problems: the case types offered through Open311, by channel."""
    from ieg.models import CaseType, Open311Service

    start, end = period.bounds(zone)
    stmt = (select(CaseType.name, Enquiry.channel, func.count(Enquiry.id))
            .join(Open311Service, Open311Service.case_type_id == Enquiry.case_type_id)
            .join(CaseType, CaseType.id == Enquiry.case_type_id)
            .where(Enquiry.received_at >= start, Enquiry.received_at < end)
            .group_by(CaseType.name, Enquiry.channel).order_by(CaseType.name, Enquiry.channel))
    rows = [[name, channel.replace("_", " ").capitalize(), count] for name, channel, count in session.execute(stmt)]
    offered = session.scalar(select(func.count(Open311Service.id)).where(Open311Service.active.is_(True))) or 0
    through_api = sum(row[2] for row in rows if row[1] == "Api")
    return LiveEvidence(
        "R7", "Environmental problems reported online and through Open311, and tracked", period,
        [("Services offered through Open311", str(offered)), ("Reports received", str(sum(r[2] for r in rows))),
         ("Of which through Open311 (FixMyStreet and other apps)", str(through_api))],
        sql(session, stmt), None, ["Service", "Channel", "Reports"], rows,
        measures={"reports": sum(r[2] for r in rows), "services": offered})


def g24(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    """Casework and back offices: what webhooks delivered, failed, and the updates that came back."""
    from ieg.models import InboundUpdate, Webhook, WebhookDelivery

    start, end = period.bounds(zone)
    stmt = (select(Webhook.name, WebhookDelivery.status, func.count(WebhookDelivery.id))
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.created_at >= start, WebhookDelivery.created_at < end)
            .group_by(Webhook.name, WebhookDelivery.status).order_by(Webhook.name, WebhookDelivery.status))
    rows = [[name, status, count] for name, status, count in session.execute(stmt)]
    connected = session.scalar(select(func.count(Webhook.id)).where(Webhook.active.is_(True))) or 0
    inbound = session.scalar(select(func.count(InboundUpdate.id)).where(
        InboundUpdate.received_at >= start, InboundUpdate.received_at < end)) or 0
    by_status = {status: sum(r[2] for r in rows if r[1] == status) for status in ("delivered", "pending", "failed")}
    return LiveEvidence(
        "G24", "Casework integrated with back-office systems", period,
        [("Back-office systems connected", str(connected)), ("Events delivered", str(by_status["delivered"])),
         ("Waiting to be delivered", str(by_status["pending"])), ("Failed for good", str(by_status["failed"])),
         ("Status updates received from back offices", str(inbound))],
        sql(session, stmt), None, ["Back-office system", "Delivery", "Events"], rows,
        measures={"connected": connected, **by_status, "inbound": inbound})
def r26(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    today = to_local(now, zone).date()
    stats = usage.statistics(session, today)
    months = usage.monthly(session, period.months, today)
    judged = stats.judgement
    stmt = (select(UsageDay.day, UsageDay.impressions, UsageDay.unique_browsers, UsageDay.visits,
                   UsageDay.robot_impressions).where(UsageDay.day >= period.start, UsageDay.day <= period.end)
            .order_by(UsageDay.day))
    rows = [[m.label + ("" if m.complete else " (so far)"), m.impressions, m.unique_browsers, m.visits,
             m.duration_text, m.robot_impressions] for m in months]
    return LiveEvidence(
        "R26", "Website use, rising and sustained, by the industry's measures", period,
        [("Page impressions in the period", f"{sum(m.impressions for m in months):,}"),
         (f"Unique browsers in {stats.latest.label}", f"{stats.latest.unique_browsers:,}"),
         ("Month on month (page impressions)", _change(stats.month_on_month)),
         ("Year on year (page impressions)", _change(stats.year_on_year)),
         ("Rising and sustained", judged.words())],
        f"{sql(session, stmt)}\n-- Unique browsers per month from usage_months. Rule (ieg/usage/trends.py): rising "
        f"when the last 12 complete months' page impressions exceed the 12 before; sustained when at least "
        f"{usage.trends.SUSTAINED_MONTHS} of those 12 months beat the same month a year earlier.",
        ("usage.statistics", {}), ["Month", "Page impressions", "Unique browsers", "Visits",
                                   "Average visit (2+ pages)", "Robot impressions (excluded)"], rows,
        measures={"met": judged.met, "words": judged.words()})


def _change(value: float | None) -> str:
    if value is None:
        return "no figure"
    return f"{'+' if value > 0 else ''}{value:g}%"


def _take_up(session: Session, period: Period):
    months = channels.by_month(session, period.months)
    rows = [[m.month, *(m.counts[c] for c in CHANNELS), m.total, _pct(m.e_share)] for m in months]
    return months, rows


def g22(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    months, rows = _take_up(session, period)
    targets = channels.targets(session)
    measured = [m for m in months if m.total]
    first, last = (measured[0], measured[-1]) if measured else (None, None)
    return LiveEvidence(
        "G22", "Targets and measures for take-up of e-enabled channels", period,
        [("Enquiries in the period", f"{sum(m.total for m in months):,}"),
         ("Share on the web or by email, first month", _pct(first.e_share) if first else "no data"),
         ("Share on the web or by email, last month", _pct(last.e_share) if last else "no data"),
         ("Baselines and targets set", str(len(targets)))],
        sql(session, channels.statement(period.months)), ("usage.channel_take_up", {}),
        ["Month", *(channels.CHANNEL_LABELS[c] for c in CHANNELS), "All", "Web and email"], rows,
        measures={"enquiries": sum(m.total for m in months), "targets": sum(t.measure == "target" for t in targets)})


def e18(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    last = period.months[-1] if to_local(now, zone).date() > period.end else period.months[max(len(period.months) - 2, 0)]
    progress = channels.progress(session, last)
    targets = channels.targets(session)
    rows = [[p.service, channels.CHANNEL_LABELS[p.target.channel], "none" if p.baseline is None else f"{p.baseline}%",
             f"{p.target.percent}% by {p.target.by_month}", _pct(p.actual),
             "no figure" if p.met is None else ("yes" if p.met else "not yet")] for p in progress]
    return LiveEvidence(
        "E18", "Agreed baselines and take-up targets for e-access channels", period,
        [("Baselines set", str(sum(t.measure == "baseline" for t in targets))),
         ("Targets set", str(len(progress))),
         (f"Targets met in {last}", str(sum(1 for p in progress if p.met)))],
        "ieg.usage.channels.progress: each target against its service's share of enquiries on its channel in the "
        "month (enquiries.received_month, channel, section_id; excluded enquiries left out), with its baseline.",
        ("usage.channel_take_up", {}), ["Service", "Channel", "Baseline", "Target", f"Share in {last}", "Met"], rows,
        measures={"baselines": sum(t.measure == "baseline" for t in targets), "targets": len(progress),
                  "met": sum(1 for p in progress if p.met)})


LIVE: dict[str, Callable[..., LiveEvidence]] = {
    "R3": r3, "R24": r24, "R25": r25, "R27": r27, "R28": r28, "R29": r29, "G20": g20, "G21": g21, "G25": g25,
    "E19": e19, "R7": r7, "G24": g24, "R26": r26, "G22": g22, "E18": e18}


def for_ref(session: Session, ref: str, period: Period, now: datetime, zone: str) -> LiveEvidence | None:
    make = LIVE.get(ref)
    if make is None:
        return None
    evidence = make(session, period, now, zone)
    evidence.computed_at = now
    return evidence


def everything(session: Session, period: Period, now: datetime, zone: str) -> list[LiveEvidence]:
    return [for_ref(session, ref, period, now, zone) for ref in LIVE]


def findings(evidences: list[LiveEvidence], assessments: dict) -> dict[str, shortfall.Finding]:
    """Each outcome's finding against its assessment in force (OutcomeAssessment by ref)."""
    return {ev.ref: ev.finding(getattr(assessments.get(ev.ref), "rag", None)) for ev in evidences}
