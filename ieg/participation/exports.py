"""Responses as files. Staff's exports (CSV, XLSX, JSON) hold every response with the details the
respondent gave, for the service to analyse; the open-data CSV and JSON hold only what
ieg.participation.redaction publishes. No Flask."""
from __future__ import annotations

import json

from ieg.csv_text import Column, csv_text
from ieg.evidence.exports import workbook_bytes
from ieg.models import Consultation, ConsultationResponse
from ieg.participation import surveys


def staff_columns(consultation: Consultation) -> list[Column]:
    fixed: list[Column] = [
        ("Reference", lambda r: r.reference), ("Received (UTC)", lambda r: r.submitted_at),
        ("Last changed (UTC)", lambda r: r.updated_at), ("Responding as", lambda r: r.respondent_type),
        ("Organisation", lambda r: r.organisation), ("Name", lambda r: r.name), ("Email", lambda r: r.email),
        ("Postcode", lambda r: r.postcode), ("Publication consent", lambda r: r.publish),
        ("Satisfaction (1-5)", lambda r: r.satisfaction),
        ("Possible duplicate of", lambda r: r.duplicate_of_id and f"response {r.duplicate_of_id}"),
        ("Staff's decision", lambda r: r.review), ("Decided (UTC)", lambda r: r.reviewed_at),
        ("Response id", lambda r: r.id)]
    return fixed + [(q["label"], lambda r, name=q["name"]: surveys.display((r.answers or {}).get(name)))
                    for q in consultation.questions]


def staff_csv(consultation: Consultation, rows: list[ConsultationResponse]) -> str:
    return csv_text(staff_columns(consultation), rows)


def staff_xlsx(consultation: Consultation, rows: list[ConsultationResponse]) -> bytes:
    return workbook_bytes([("Responses", staff_columns(consultation), rows)])


def staff_json(consultation: Consultation, rows: list[ConsultationResponse]) -> str:
    return json.dumps({"consultation": consultation.slug, "questions": consultation.questions, "responses": [
        {"id": r.id, "reference": r.reference, "received": r.submitted_at.isoformat(),
         "changed": r.updated_at.isoformat(), "respondent_type": r.respondent_type, "organisation": r.organisation,
         "name": r.name, "email": r.email, "postcode": r.postcode, "publish": r.publish,
         "satisfaction": r.satisfaction, "duplicate_of": r.duplicate_of_id, "review": r.review,
         "reviewed": r.reviewed_at and r.reviewed_at.isoformat(), "answers": r.answers} for r in rows]},
        indent=1, ensure_ascii=False)


def public_columns(consultation: Consultation) -> list[Column]:
    return [("Response", lambda r: r["number"]), ("Respondent", lambda r: r["respondent"]),
            ("Responding as", lambda r: r["respondent_type"])] + [
        (q["label"], lambda r, label=q["label"]: r["answers"].get(label, "")) for q in consultation.questions]


def open_data_csv(consultation: Consultation, records: list[dict]) -> str:
    return csv_text(public_columns(consultation), records)


def open_data_json(consultation: Consultation, records: list[dict]) -> str:
    return json.dumps({"consultation": consultation.slug, "title": consultation.title, "responses": records},
                      indent=1, ensure_ascii=False)
