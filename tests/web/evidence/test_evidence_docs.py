"""docs/evidence.md's R29 recomputation runs, as an auditor would, inside a real unzipped pack
of the demo's year of casework, and agrees with the report."""
import re
import subprocess
import sys
import zipfile
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "evidence.md"


def test_recompute_r29_script_agrees_with_the_pack(demo_site, tmp_path):
    app = demo_site
    runner = app.test_cli_runner()
    from ieg import audit
    from ieg.extensions import db
    from ieg.models import AssessmentChange, OutcomeAssessment
    with app.app_context():  # the demo register: all 73 assessed, with a year of history, chain intact
        assert db.session.query(OutcomeAssessment).count() == 73
        assert [c.changes["rag"] for c in db.session.query(AssessmentChange).filter_by(ref="R29")
                .order_by(AssessmentChange.id)] == [[None, "amber"], ["amber", "green"]]
        assert audit.verify(db.session) is None
    target = tmp_path / "pack.zip"
    result = runner.invoke(args=["ieg", "export-evidence", "--output", str(target)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "pack"
    zipfile.ZipFile(target).extractall(folder)
    rows = (folder / "reports" / "r29_enquiries.csv").read_text().count("\n") - 1
    assert rows > 20  # the demo's year of email enquiries, so the check means something
    script = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    (folder / "recompute_r29.py").write_text(script)
    output = subprocess.run([sys.executable, "recompute_r29.py"], cwd=folder, capture_output=True, text=True,
                            check=True).stdout
    assert "R29 recomputed: every month agrees" in output, output
    # And the shell check the guide gives passes on the unzipped pack.
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert sums.returncode == 0 and "FAILED" not in sums.stdout


def test_recompute_r29_script_notices_a_changed_figure(demo_site, tmp_path):
    runner = demo_site.test_cli_runner()
    target = tmp_path / "pack.zip"
    assert runner.invoke(args=["ieg", "export-evidence", "--output", str(target)]).exit_code == 0
    folder = tmp_path / "pack"
    zipfile.ZipFile(target).extractall(folder)
    report = folder / "reports" / "r29.csv"
    lines = report.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if ",All services," in line and not line.split(",")[2] == "0")
    cells = lines[index].split(",")
    cells[2] = str(int(cells[2]) + 1)
    lines[index] = ",".join(cells)
    report.write_text("\r\n".join(lines) + "\r\n")
    script = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    (folder / "recompute_r29.py").write_text(script)
    output = subprocess.run([sys.executable, "recompute_r29.py"], cwd=folder, capture_output=True, text=True).stdout
    assert "1 differences" in output, output
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert sums.returncode == 1 and "reports/r29.csv: FAILED" in sums.stdout
