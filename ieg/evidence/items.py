"""Evidence items (docs/design.md 3.6): what links an outcome to what proves it.

Two kinds: items someone added by hand (a page, a form, a case type, a report, an uploaded
document or a URL, with a note; EvidenceItem rows, audited when added and removed), and the
automatic ones: every published page, live form and active case type that declares the
outcome among the outcomes it serves. Services flush, never commit.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.casework import eform_definitions
from ieg.evidence.register import outcome
from ieg.input_errors import InputErrors
from ieg.files_store import FileStore
from ieg.models import CaseType, EForm, EvidenceItem, Page, PageRevision, Section
from ieg.models.content import PUBLISHED

KIND_LABELS = {"page": "Page", "form": "Form", "case_type": "Case type", "report": "Report",
               "document": "Document", "url": "Web address"}
# The reports an item can point at: name -> (title, endpoint, values)
REPORTS = {
    "r29": ("Email enquiries answered within one working day (R29)", "reports.report", {"name": "r29"}),
    "r28": ("Acknowledgements carrying the reference (R28)", "reports.report", {"name": "r28"}),
    "fcr": ("First-contact resolution by month and channel (E19)", "staff.first_contact_resolution", {}),
    "bvpi-157": ("BVPI 157: services e-enabled by interaction type", "bvpi.index", {}),
    "service-standards": ("Our service standards and performance (R25)", "service_standards.index", {}),
}
DOCUMENT_TYPES = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document", ".xlsx": "application/vnd.openxmlformats-officedocument."
                  "spreadsheetml.sheet", ".odt": "application/vnd.oasis.opendocument.text",
                  ".ods": "application/vnd.oasis.opendocument.spreadsheet", ".csv": "text/csv",
                  ".txt": "text/plain", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
DOCUMENT_LIMIT = 20 * 1024 * 1024
NOTE_LENGTH = 2000


class EvidenceError(InputErrors):
    pass


@dataclass(frozen=True)
class Linked:
    """One piece of evidence as listed: added by hand (item set) or found automatically."""
    kind: str
    title: str
    url: str            # where to open it ("" for a document: served by the evidence area)
    note: str = ""
    item: EvidenceItem | None = None

    @property
    def automatic(self) -> bool:
        return self.item is None


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(filename or "").name).strip(" .")
    return name[:200] or "document"


def document_name(item: EvidenceItem) -> str:
    """The document's name in the file store: its content's SHA-256."""
    return f"evidence/{item.sha256}"


def _target(session: Session, kind: str, target: str, errors: dict[str, str]) -> tuple[str, str]:
    """(stored target, title) for what the item points at, or an error."""
    target = (target or "").strip()
    if kind == "page":
        page = session.get(Page, int(target)) if target.isdecimal() else None
        if page is None:
            errors["target"] = "Choose a page that exists"
            return "", ""
        return str(page.id), page.title
    if kind == "form":
        record = eform_definitions.definition(session, target) or session.scalar(select(EForm).where(EForm.slug == target))
        if record is None:
            errors["target"] = "Choose a form that exists"
            return "", ""
        return target, record.title
    if kind == "case_type":
        kind_row = session.get(CaseType, int(target)) if target.isdecimal() else None
        if kind_row is None:
            errors["target"] = "Choose a case type that exists"
            return "", ""
        return str(kind_row.id), kind_row.name
    if kind == "report":
        if target not in REPORTS:
            errors["target"] = "Choose one of the reports"
            return "", ""
        return target, REPORTS[target][0]
    if kind == "url":
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(target) > 500:
            errors["target"] = "Enter a full web address starting with https://, like https://www.example.gov.uk/page"
            return "", ""
        return target, target
    return "", ""


def add(session: Session, actor, ref: str, kind: str, *, target: str = "", title: str = "", note: str = "",
        now: datetime, document: tuple[str, bytes] | None = None, files: FileStore | None = None) -> EvidenceItem:
    """Link an outcome to a piece of evidence. A document is (filename, content); its bytes
    are kept in the file store `files`, named by their SHA-256, so an evidence pack can prove
    the file is the one that was uploaded."""
    errors: dict[str, str] = {}
    if outcome(ref) is None:
        errors["ref"] = f"There is no priority outcome {ref}"
    if kind not in KIND_LABELS:
        errors["kind"] = "Choose what kind of evidence this is"
    note, title = (note or "").strip(), (title or "").strip()
    if len(note) > NOTE_LENGTH:
        errors["note"] = f"The note must be {NOTE_LENGTH} characters or fewer"
    if len(title) > 300:
        errors["title"] = "The title must be 300 characters or fewer"
    item = EvidenceItem(ref=ref, kind=kind, note=note, added_at=now, added_by_id=getattr(actor, "id", None))
    if kind == "document":
        filename, content = document or ("", b"")
        suffix = Path(filename or "").suffix.lower()
        if not content:
            errors["document"] = "Choose a file to upload"
        elif len(content) > DOCUMENT_LIMIT:
            errors["document"] = "The file must be smaller than 20 MB"
        elif suffix not in DOCUMENT_TYPES:
            errors["document"] = "The file must be a PDF, Word, Excel, OpenDocument, CSV, text, PNG or JPEG file"
        else:
            item.filename, item.content_type, item.size = _safe_name(filename), DOCUMENT_TYPES[suffix], len(content)
            item.sha256 = hashlib.sha256(content).hexdigest()
            item.title = title or item.filename
    elif kind in KIND_LABELS:
        item.target, found_title = _target(session, kind, target, errors)
        item.title = title or found_title
    if errors:
        raise EvidenceError(errors)
    if kind == "document":
        if files.size(document_name(item)) is None:  # same content, same name: stored once
            files.put(document_name(item), content, now)
    session.add(item)
    session.flush()
    audit.record(session, actor, "evidence.add", f"outcome:{ref}",
                 {"item": item.id, "kind": kind, "title": item.title, "target": item.target, "sha256": item.sha256,
                  "note": note}, now)
    return item


def remove(session: Session, actor, item: EvidenceItem, reason: str, now: datetime) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise EvidenceError({"reason": "Enter why this evidence is being removed: auditors read it in the audit log"})
    audit.record(session, actor, "evidence.remove", f"outcome:{item.ref}",
                 {"item": item.id, "kind": item.kind, "title": item.title, "target": item.target,
                  "sha256": item.sha256, "reason": reason[:2000]}, now)
    session.delete(item)
    session.flush()


def _url(kind: str, target: str, pages: dict[int, Page], url_for) -> str:
    if kind == "page" and target.isdecimal() and int(target) in pages:
        return pages[int(target)].public_path
    if kind == "form":
        return url_for("forms.show", form=target)
    if kind == "report" and target in REPORTS:
        _, endpoint, values = REPORTS[target]
        return url_for(endpoint, **values)
    if kind == "url":
        return target
    return ""


def automatic(session: Session, url_for) -> dict[str, list[Linked]]:
    """Every published page, live form and active case type, by the outcomes it declares."""
    found: dict[str, list[Linked]] = {}
    pages = session.execute(select(Page, PageRevision).join(PageRevision, PageRevision.id == Page.live_revision_id)
                            .join(Section, Section.id == Page.section_id)
                            .where(Page.status == PUBLISHED).order_by(PageRevision.title)).all()
    for page, revision in pages:
        for ref in (revision.meta or {}).get("outcome_refs", []):
            found.setdefault(ref, []).append(Linked("page", revision.title, page.public_path,
                                                    f"Published page in {page.section.title}"))
    for definition in eform_definitions.listed(session):
        for ref in definition.outcome_refs:
            found.setdefault(ref, []).append(Linked("form", definition.title, url_for("forms.show", form=definition.slug),
                                                    "Live e-form"))
    for kind in session.scalars(select(CaseType).where(CaseType.active.is_(True)).order_by(CaseType.name)):
        for ref in kind.outcome_refs or ():
            found.setdefault(ref, []).append(Linked(
                "case_type", kind.name, "", f"Case type answered by {kind.section.title if kind.section else 'the council'}"))
    return found


def by_outcome(session: Session, url_for, ref: str | None = None) -> dict[str, list[Linked]]:
    """Each outcome's evidence (or one outcome's): items added by hand, newest first, then the
    automatic ones. Reads everything once, however many outcomes are asked for."""
    stmt = select(EvidenceItem).order_by(EvidenceItem.added_at.desc(), EvidenceItem.id.desc())
    if ref is not None:
        stmt = stmt.where(EvidenceItem.ref == ref)
    added = session.scalars(stmt).all()
    pages = {p.id: p for p in session.scalars(select(Page).where(
        Page.id.in_([int(i.target) for i in added if i.kind == "page" and i.target.isdecimal()])))}
    found: dict[str, list[Linked]] = {}
    for i in added:
        found.setdefault(i.ref, []).append(Linked(i.kind, i.title, _url(i.kind, i.target, pages, url_for), i.note, i))
    for outcome_ref, linked in automatic(session, url_for).items():
        if ref is None or outcome_ref == ref:
            found.setdefault(outcome_ref, []).extend(linked)
    return found


def for_outcome(session: Session, ref: str, url_for) -> list[Linked]:
    return by_outcome(session, url_for, ref).get(ref, [])


def counts(session: Session, url_for) -> dict[str, int]:
    """How many pieces of evidence each outcome has, by hand and automatic together."""
    return {ref: len(linked) for ref, linked in by_outcome(session, url_for).items()}
