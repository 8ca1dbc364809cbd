"""The evidence pack (docs/design.md 3.6): one ZIP an auditor can take away and check offline.

It holds the register with its histories, the evidence items (uploaded documents included),
the live evidence, the R28 and R29 reports and the enquiries behind them as CSV, the audit
log's entries for the period, a self-contained HTML summary, and `manifest.json` with the
SHA-256 of every file and of the audit chain's head. `SHA256SUMS` repeats the file hashes in
the format `sha256sum -c` reads, so a pack can be checked with no IEG at all.

`verify` is pure (no Flask, no database): `flask ieg verify-pack FILE` calls it, and so can
anyone with Python. The export itself is recorded in the audit log with the manifest's
SHA-256, so a pack whose manifest was rewritten no longer matches the council's chain.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.evidence import access, exports, ieg_return, items, live, masking, register, reports
from ieg.evidence.reports import Period
from ieg.files_store import FileStore
from ieg.models import AuditEntry

FORMAT = "ieg-evidence-pack/1"
MANIFEST, SUMS = "manifest.json", "SHA256SUMS"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _csv(header: list[str], table: list[list]) -> str:
    columns = [(heading, lambda row, i=i: row[i]) for i, heading in enumerate(header)]
    return exports.csv_text(columns, table)


def _utc(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if value else ""


def _masked_content(canonical: str) -> str:
    """The canonical JSON with every email address and phone number in its details masked,
    written the same way (ieg.audit.canonical). The actor stays: who did what is what an
    audit log is for, and staff are not the customers whose data is masked."""
    content = json.loads(canonical)
    content["details"] = masking.data(content["details"])
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def audit_rows(session: Session, period: Period, zone: str, masked: bool) -> list[list]:
    """The period's audit entries with what recomputing each hash needs: the canonical
    content exactly as hashed, the previous hash and the hash. Masked, an entry whose content
    holds personal data shows it masked and says so: its own hash can then not be recomputed
    from the pack (the links between entries still can; verify-audit on the council's
    server checks the content)."""
    start, end = period.bounds(zone)
    entries = session.scalars(select(AuditEntry).where(AuditEntry.at >= start, AuditEntry.at < end)
                              .order_by(AuditEntry.id))
    rows = []
    for e in entries:
        content, actor = audit.canonical(e), e.actor
        shown = _masked_content(content) if masked else content
        rows.append([e.id, _utc(e.at), actor, e.action, e.subject, shown,
                     "yes" if shown != content else "no", e.prev_hash, e.hash])
    return rows


AUDIT_HEADER = ["id", "at_utc", "actor", "action", "subject", "canonical_content", "content_masked", "prev_hash",
                "hash"]


@dataclass
class Pack:
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)

    def add(self, name: str, content: str | bytes) -> None:
        self.files[name] = content.encode("utf-8") if isinstance(content, str) else content

    def zip_bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # stable: same content, same bytes
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
        return out.getvalue()


def build(session: Session, *, period: Period, now: datetime, zone: str, council: str, base_url: str,
          actor, url_for, files: FileStore, masked: bool) -> Pack:
    """Everything for the period, as it stands now. Writes nothing: `record_export` does.
    `masked`: personal data in what staff typed (exclusion notes, breach reasons, audit
    details) is masked, as an auditor without the personal-data grant sees it."""
    pack = Pack()
    today = now.astimezone(ZoneInfo(zone)).date()
    entries = register.entries(session, today)
    evidence = items.by_outcome(session, url_for)
    evidences = live.everything(session, period, now, zone)
    findings = live.findings(evidences, register.assessments(session))
    pack.add("register.csv", ieg_return.csv_text(ieg_return.rows(entries, evidence, base_url, findings)))
    pack.add("assessment_history.csv", _csv(
        ["outcome", "at_utc", "by", "field", "from", "to", "reason"],
        [[c.ref, _utc(c.at), c.actor, register.FIELD_LABELS.get(name, name), before or "", after or "", c.reason]
         for c in register.history(session) for name, (before, after) in sorted(c.changes.items())]))
    item_rows, documents = [], []
    for e in entries:
        for linked in evidence.get(e.outcome.ref, []):
            item = linked.item
            name = f"documents/{item.sha256[:12]}-{item.filename}" if item is not None and item.kind == "document" else ""
            if name:
                documents.append((name, item))
            item_rows.append([e.outcome.ref, items.KIND_LABELS[linked.kind], linked.title, linked.url or name,
                              linked.note, "automatic" if linked.automatic else "added by hand",
                              _utc(item.added_at) if item else "", item.sha256 if item else ""])
    pack.add("evidence_items.csv", _csv(["outcome", "kind", "title", "where", "note", "how linked", "added_at_utc",
                                         "sha256"], item_rows))
    for name, item in documents:
        try:
            pack.add(name, files.get(items.document_name(item)))
        except FileNotFoundError:
            pack.add(name, b"")

    pack.add("live_evidence.csv", _csv(
        ["outcome", "title", "period", "figure", "value", "computed_at_utc"],
        [[ev.ref, ev.title, f"{period.start} to {period.end}" if ev.period else "now", what, value, _utc(now)]
         for ev in evidences for what, value in [*ev.figures, *_judged(findings[ev.ref])]]))
    for ev in evidences:
        pack.add(f"live/{ev.ref}-query.txt", ev.source + "\n")
        if ev.rows:
            pack.add(f"live/{ev.ref}.csv", _csv(ev.columns, ev.rows))

    for name, listing in (("r29", reports.r29_enquiries), ("r28", reports.r28_enquiries)):
        report = getattr(reports, name)(session, period, now, zone)
        pack.add(f"reports/{name}.csv", exports.summary_csv(name, report))
        rows = listing(session, period, now, zone)
        if masked:
            rows = access.mask_rows(session, rows, exports.FREE_TEXT[name])
        pack.add(f"reports/{name}_enquiries.csv", exports.enquiries_csv(name, rows))

    pack.add("audit_log.csv", _csv(AUDIT_HEADER, audit_rows(session, period, zone, masked)))
    head = session.execute(select(AuditEntry.id, AuditEntry.hash, AuditEntry.at)
                           .order_by(AuditEntry.id.desc()).limit(1)).first()
    broken = audit.verify(session)
    pack.add("summary.html", summary_html(council, period, now, zone, entries, evidences, findings, broken))
    pack.manifest = {
        "format": FORMAT, "council": council, "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "generated_at_utc": _utc(now), "generated_by": audit.who(actor),
        "personal_data": "masked" if masked else "in full",
        "audit_chain": {"head_id": head.id if head else None, "head_hash": head.hash if head else audit.GENESIS,
                        "head_at_utc": _utc(head.at) if head else "",
                        "verified_at_export": broken is None,
                        "first_break": None if broken is None else {"entry": broken.entry_id, "problem": broken.problem}},
        "files": {name: {"sha256": _sha(content), "bytes": len(content)} for name, content in sorted(pack.files.items())},
    }
    pack.add(SUMS, "".join(f"{_sha(content)}  {name}\n" for name, content in sorted(pack.files.items())))
    pack.add(MANIFEST, json.dumps(pack.manifest, indent=2, sort_keys=True) + "\n")
    return pack


def manifest_hash(pack: Pack) -> str:
    return _sha(pack.files[MANIFEST])


def record_export(session: Session, actor, pack: Pack, how: str, now: datetime) -> None:
    """The audit entry that ties this pack to the chain: its manifest's SHA-256."""
    audit.record(session, actor, "evidence.export", "evidence-pack",
                 {"what": "evidence pack", "how": how, "period": pack.manifest["period"],
                  "manifest_sha256": manifest_hash(pack), "audit_head": pack.manifest["audit_chain"]["head_hash"],
                  "files": len(pack.manifest["files"]), "masked": pack.manifest["personal_data"] == "masked"}, now)


# Reading a pack back ----------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


def verify(data: bytes) -> tuple[dict | None, list[Problem]]:
    """(the manifest, every problem found). No problems: every file is the one exported, no
    file was added or removed, and each audit entry in the extract matches its own hash and
    follows the one before it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None, [Problem("(the pack)", "is not a ZIP file")]
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            return None, [Problem(MANIFEST, "is missing")]
        try:
            manifest = json.loads(archive.read(MANIFEST))
            listed = manifest["files"]
        except (ValueError, KeyError, TypeError):
            return None, [Problem(MANIFEST, "is not a readable manifest")]
        problems = []
        for name in sorted(listed):
            if name not in names:
                problems.append(Problem(name, "is listed in the manifest but missing from the pack"))
                continue
            content = archive.read(name)
            if _sha(content) != listed[name].get("sha256"):
                problems.append(Problem(name, "has been changed: its SHA-256 does not match the manifest"))
        for name in sorted(names - set(listed) - {MANIFEST, SUMS}):
            problems.append(Problem(name, "is not in the manifest: it was added after export"))
        if SUMS in names:
            expected = "".join(f"{entry['sha256']}  {name}\n" for name, entry in sorted(listed.items()))
            if archive.read(SUMS).decode("utf-8", "replace") != expected:
                problems.append(Problem(SUMS, "does not agree with the manifest"))
        if "audit_log.csv" in names and not any(p.file == "audit_log.csv" for p in problems):
            problems += audit_problems(archive.read("audit_log.csv").decode("utf-8"))
    return manifest, problems


def audit_problems(text: str) -> list[Problem]:
    """Recompute each extracted entry's hash, and check consecutive entries link up."""
    problems, previous = [], None
    for row in csv.DictReader(io.StringIO(text)):
        masked = row.get("content_masked") == "yes"  # its content cannot be rehashed from the pack
        if not masked and hashlib.sha256((row["prev_hash"] + row["canonical_content"]).encode()).hexdigest() != row["hash"]:
            problems.append(Problem("audit_log.csv", f"entry {row['id']}: its content does not match its hash"))
        if previous is not None and int(row["id"]) == int(previous["id"]) + 1 and row["prev_hash"] != previous["hash"]:
            problems.append(Problem("audit_log.csv", f"entry {row['id']}: does not follow entry {previous['id']}"))
        previous = row
    return problems


# The readable summary ---------------------------------------------------------------------

_STYLE = ("body{font-family:Arial,sans-serif;margin:2em;max-width:60em;color:#0b0c0c}"
          "table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border-bottom:1px solid #b1b4b6;"
          "padding:.4em;text-align:left;vertical-align:top}caption{font-weight:bold;text-align:left;padding:.4em 0}")


def _table(caption: str, header: list[str], table: list[list]) -> str:
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in table)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _judged(found) -> list[list[str]]:
    """The finding against the assessment, as two more figures."""
    return [["Against the assessment", f"{found.verdict}: {found.shows}"], ["Green needs", found.threshold]]


def summary_html(council: str, period: Period, now: datetime, zone: str, entries: list[register.Entry],
                 evidences: list[live.LiveEvidence], findings: dict, broken) -> str:
    counts = register.summary(entries)
    failing = counts["failing"]
    flagged = [f for f in findings.values() if f.flagged]
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evidence pack: {escape(council)}"
             f"</title><style>{_STYLE}</style></head><body><main>",
             f"<h1>Evidence pack: {escape(council)}</h1>",
             f"<p>Period {period.start:%-d %B %Y} to {period.end:%-d %B %Y}. Exported "
             f"{now.astimezone(ZoneInfo(zone)):%-d %B %Y at %H:%M} ({escape(zone)}).</p>",
             "<p>Every file in this pack is listed with its SHA-256 in manifest.json and SHA256SUMS. "
             "To check it: <code>sha256sum -c SHA256SUMS</code>, or <code>flask --app app ieg verify-pack FILE</code>. "
             "docs/evidence.md explains each step.</p>",
             "<p>" + ("The audit log's hash chain verified when this pack was exported." if broken is None else
                      f"The audit log's hash chain did NOT verify when this pack was exported: entry "
                      f"{broken.entry_id} {escape(broken.problem)}.") + "</p>",
             "<h2>Outcomes register</h2>",
             _table("Assessments by level", ["Level", "Green", "Amber", "Red", "Not applicable", "Not assessed"],
                    [[level.capitalize(), c["green"], c["amber"], c["red"], c["not_applicable"], c["unassessed"]]
                     for level, c in counts["counts"].items()]),
             _table(f"Outcomes not meeting the national expectation ({len(failing)})",
                    ["Outcome", "Level", "Assessment", "Target date", "Why"],
                    [[e.outcome.ref, e.outcome.level, register.RAG_LABELS[e.assessment.rag] if e.assessment else
                      "Not assessed", e.assessment.target_date if e.assessment and e.assessment.target_date else "",
                      register.STATUS_LABELS[e.status]] for e in failing]),
             _table(f"Green assessments the live evidence does not bear out ({len(flagged)})",
                    ["Outcome", "Finding", "What the live evidence shows", "Green needs", "Why that threshold"],
                    [[f.ref, f.verdict, f.shows, f.threshold, f.why] for f in flagged]),
             "<h2>Live evidence</h2>"]
    for ev in evidences:
        parts.append(_table(f"{ev.ref}: {ev.title}", ["Figure", "Value"],
                            [list(f) for f in ev.figures] + _judged(findings[ev.ref])))
    parts.append("</main></body></html>")
    return "".join(parts)
