"""The layers the code keeps: importing a pure rule loads neither Flask nor SQLAlchemy (the
package itself loads nothing: the app is built in ieg.factory), and the import contracts in
.importlinter hold (make test checks them too, before the suite)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE = ("ieg.workingtime", "ieg.dates", "ieg.contact_details", "ieg.casework.deadlines", "ieg.casework.references",
        "ieg.figures", "ieg.text", "ieg.redirects", "ieg.paging", "ieg.timeutil", "ieg.csv_text", "ieg.reference.outcomes",
        "ieg.reference.lgil")


def test_importing_a_pure_rule_loads_no_web_or_database_library():
    """`import ieg.workingtime` used to load Flask through the package's __init__."""
    script = ("import sys\n" + "".join(f"import {name}\n" for name in PURE) +
              "print(sorted(m for m in ('flask', 'werkzeug', 'sqlalchemy', 'flask_sqlalchemy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_import_contracts_hold():
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "5 kept, 0 broken" in result.stdout


def test_views_build_no_statements_and_fetch_no_row_themselves():
    """Lists come from the areas' named queries, a row by its id from blueprints/common.py (which
    answers 404 for an id no row can have): no other view module builds SQL or calls get()."""
    import re

    doing_it = re.compile(r"\bselect\(|\bdb\.session\.(get|scalar|scalars|execute)\(|from sqlalchemy import")
    allowed = {"common.py", "health.py"}  # the look-ups themselves; the health check's SELECT 1
    offenders = [f"{path.name}:{number}" for path in sorted((ROOT / "ieg" / "blueprints").glob("*.py"))
                 if path.name not in allowed
                 for number, line in enumerate(path.read_text().splitlines(), 1) if doing_it.search(line)]
    assert offenders == []
