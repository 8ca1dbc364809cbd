"""The evidence pack: what it holds, that it verifies offline, that one changed byte, an
added or a removed file is named, and that each export is tied to the audit chain."""
import csv
import hashlib
import io
import json
import zipfile

import pytest

from ieg.evidence import pack
from ieg.extensions import db
from ieg.models import AuditEntry
from tests.conftest import csrf_from

AUDITOR, ADMIN = "auditor@staff.example.gov.uk", "admin@staff.example.gov.uk"


def rezip(data: bytes, change) -> bytes:
    """The pack with its files passed through change(name, content) -> content | None (drop)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def exported(app, signed_in, tmp_path):
    """A pack downloaded by the auditor after an assessment, an evidence item and a standards entry."""
    from tests.conftest import sign_in
    sign_in(app.test_client(), "jane.resident@example.com", "a guess")  # an address typed: in the log's details
    admin = signed_in(ADMIN)
    token = csrf_from(admin.get("/evidence/outcomes/R29/assess"))
    admin.post("/evidence/outcomes/R29/assess", data={"rag": "green", "owner": "Head of Customer Services",
                                                      "target_date": "2027-03-31", "commentary": "On track",
                                                      "reason": "Year-end review", "csrf_token": token})
    admin.post("/evidence/outcomes/R29/evidence/new", content_type="multipart/form-data",
               data={"kind": "document", "document": (io.BytesIO(b"signed policy"), "policy.pdf"),
                     "csrf_token": token})
    admin.get("/logout")
    auditor = app.test_client()
    from tests.conftest import sign_in
    sign_in(auditor, AUDITOR)
    response = auditor.get("/evidence/pack.zip?from=2025-01-01&to=2030-12-31")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    path = tmp_path / "pack.zip"
    path.write_bytes(response.data)
    return path


def test_pack_holds_everything_and_verifies(app, exported):
    data = exported.read_bytes()
    manifest, problems = pack.verify(data)
    assert problems == []
    with zipfile.ZipFile(exported) as archive:
        names = set(archive.namelist())
        for needed in ("register.csv", "assessment_history.csv", "evidence_items.csv", "live_evidence.csv",
                       "reports/r29.csv", "reports/r29_enquiries.csv", "reports/r28.csv",
                       "reports/r28_enquiries.csv", "audit_log.csv", "summary.html", "manifest.json", "SHA256SUMS",
                       "live/R29-query.txt"):
            assert needed in names, needed
        assert any(name.startswith("documents/") and name.endswith("policy.pdf") for name in names)
        for name, entry in manifest["files"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
        history = list(csv.DictReader(io.StringIO(archive.read("assessment_history.csv").decode())))
        assert {(h["outcome"], h["field"], h["to"], h["reason"]) for h in history} >= {
            ("R29", "Assessment", "green", "Year-end review")}
        register = list(csv.DictReader(io.StringIO(archive.read("register.csv").decode())))
        assert len(register) == 73
        summary = archive.read("summary.html").decode()
        assert "<h1>Evidence pack:" in summary and "Live evidence" in summary
        extract = list(csv.DictReader(io.StringIO(archive.read("audit_log.csv").decode())))
        assert "outcome.assess" in {row["action"] for row in extract}
    with app.app_context():
        head = db.session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        # The export itself is the newest entry, and it names this manifest.
        assert head.action == "evidence.export"
        assert head.details["manifest_sha256"] == hashlib.sha256(
            zipfile.ZipFile(exported).read("manifest.json")).hexdigest()
        assert manifest["audit_chain"]["head_hash"] == head.prev_hash


def test_verify_pack_names_a_changed_added_or_removed_file(app, exported, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["ieg", "verify-pack", str(exported)]).exit_code == 0
    data = exported.read_bytes()

    def flip(name, content):
        return content[:10] + bytes([content[10] ^ 1]) + content[11:] if name == "reports/r29.csv" else content
    cases = {
        "changed": (rezip(data, flip), "reports/r29.csv: has been changed"),
        "removed": (rezip(data, lambda n, c: None if n == "register.csv" else c),
                    "register.csv: is listed in the manifest but missing"),
    }
    buffer = io.BytesIO(rezip(data, lambda n, c: c))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("extra.csv", "a,b\n")
    cases["added"] = (buffer.getvalue(), "extra.csv: is not in the manifest")
    for label, (tampered, message) in cases.items():
        path = tmp_path / f"{label}.zip"
        path.write_bytes(tampered)
        result = runner.invoke(args=["ieg", "verify-pack", str(path)])
        assert result.exit_code == 1, label
        assert message in result.output, (label, result.output)


def test_audit_extract_is_checked_entry_by_entry(exported):
    with zipfile.ZipFile(exported) as archive:
        text = archive.read("audit_log.csv").decode()
    assert pack.audit_problems(text) == []
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    content, masked = header.index("canonical_content"), header.index("content_masked")
    # The auditor has no personal-data grant: the address typed at sign-in is masked, and said to be.
    assert "jane.resident@example.com" not in text
    assert any(row[masked] == "yes" and row[header.index("action")] == "auth.login_failed" for row in body)
    whole = next(i for i, row in enumerate(body) if row[masked] == "no")
    edited = [list(row) for row in body]
    edited[whole][content] = edited[whole][content].replace('"at":"2', '"at":"3', 1)
    assert edited[whole] != body[whole]
    out = io.StringIO()
    csv.writer(out).writerows([header, *edited])
    problems = pack.audit_problems(out.getvalue())
    assert problems and f"entry {body[whole][0]}" in str(problems[0])
    # A broken link between two entries is named too, masked or not.
    relinked = [list(row) for row in body]
    relinked[1][header.index("prev_hash")] = "0" * 64
    out = io.StringIO()
    csv.writer(out).writerows([header, *relinked])
    assert f"entry {body[1][0]}: does not follow" in " ".join(map(str, pack.audit_problems(out.getvalue())))


def test_manifest_rewritten_to_match_no_longer_matches_the_chain(app, exported):
    """Change a file and rewrite the manifest to match: the pack verifies on its own, but its
    manifest's SHA-256 is not the one the council's audit log recorded for the export."""
    data = exported.read_bytes()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    new_register = b"forged\n"
    manifest["files"]["register.csv"]["sha256"] = hashlib.sha256(new_register).hexdigest()
    sums = "".join(f"{e['sha256']}  {n}\n" for n, e in sorted(manifest["files"].items()))
    forged = rezip(data, lambda n, c: new_register if n == "register.csv" else
                   json.dumps(manifest).encode() if n == "manifest.json" else sums.encode() if n == "SHA256SUMS" else c)
    _, problems = pack.verify(forged)
    assert problems == []
    forged_sha = hashlib.sha256(zipfile.ZipFile(io.BytesIO(forged)).read("manifest.json")).hexdigest()
    with app.app_context():
        recorded = {e.details.get("manifest_sha256") for e in db.session.query(AuditEntry).filter_by(
            action="evidence.export")}
    assert forged_sha not in recorded


def test_export_evidence_command(app, tmp_path):
    target = tmp_path / "out.zip"
    result = app.test_cli_runner().invoke(args=["ieg", "export-evidence", "--from", "2026-01-01", "--to", "2026-06-30",
                                                "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "manifest SHA-256" in result.output
    manifest, problems = pack.verify(target.read_bytes())
    assert problems == [] and manifest["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    bad = app.test_cli_runner().invoke(args=["ieg", "export-evidence", "--from", "2026-02-30"])
    assert bad.exit_code != 0


def test_pack_is_for_auditors_and_admins_only(signed_in, client, council):
    assert client.get("/evidence/pack.zip").status_code in (302, 401, 403)
    signed_in("contact.agent@staff.example.gov.uk")
    assert client.get("/evidence/pack.zip").status_code == 403
