"""The community directory at a county's size: the public list, a ward's list, an entry, the Open
Referral UK services list and one service by its identifier, and the demo's directory loader.

Run: .venv/bin/python bench/bench_directory.py [--groups 3000] [--runs 20]

Builds a database through the migrations in a temporary folder (deleted at the end): 17 wards, ten
categories and `--groups` published groups (each with a venue, one or two categories and wards),
inserted in bulk. Requests go through the real app (Flask's test client, no network). The demo's
loader is timed on its own over a fresh database with the demo's people.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def build(app, count: int) -> None:
    from ieg.extensions import db
    from ieg.models import CommunityGroup, DirectoryCategory, GroupCategory, GroupVenue, GroupWard, Ward

    with app.app_context():
        wards = [Ward(code=f"E0501{n:04d}", name=f"Ward {n:02d}") for n in range(17)]
        categories = [DirectoryCategory(slug=f"category-{n}", name=f"Category {n}", position=n) for n in range(10)]
        db.session.add_all(wards + categories)
        db.session.flush()
        db.session.execute(CommunityGroup.__table__.insert(), [{
            "slug": f"group-{n}", "name": f"{chr(65 + n % 26)}roup number {n}", "summary": "What the group does",
            "status": "published", "created_at": NOW, "updated_at": NOW, "description": "About the group.",
            "description_html": "<p class=\"govuk-body\">About the group.</p>", "opening_times": "Mondays",
            "contact_name": "A Person", "contact_name_public": True, "email": f"g{n}@example.org",
            "email_public": n % 2 == 0, "phone": "0113 496 0000", "phone_public": False, "website": "",
            "links": "", "charity_number": "", "confirmed_at": NOW, "moderation_note": ""} for n in range(count)])
        ids = list(db.session.scalars(db.select(CommunityGroup.id)))
        db.session.execute(GroupCategory.__table__.insert(), [
            {"group_id": i, "category_id": categories[i % 10].id} for i in ids])
        db.session.execute(GroupWard.__table__.insert(), [
            {"group_id": i, "ward_id": wards[i % 17].id} for i in ids if i % 5])
        db.session.execute(GroupVenue.__table__.insert(), [
            {"group_id": i, "position": 0, "name": "Hall", "address": "1 High Street\nTown", "postcode": "AS1 1AA",
             "accessibility": "Step-free"} for i in ids])
        db.session.commit()


def timed(client, path: str) -> tuple[float, object]:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response


def _app(folder: Path):
    from flask_migrate import upgrade

    from ieg.factory import create_app

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def demo_loader_seconds(folder: Path) -> float:
    from ieg import demo
    from ieg.demo import directory as demo_directory
    from ieg.extensions import db
    from ieg.models import Ward

    app = _app(folder)
    with app.app_context():
        demo.load(db.session, content=False, now=NOW)
        db.session.add_all([Ward(code=f"E0502{n:04d}", name=f"Demo ward {n}") for n in range(17)])
        db.session.commit()
        began = time.perf_counter()
        made = demo_directory.load(db.session, NOW, "ashdown.example.gov.uk")
        db.session.commit()
        assert made == 60
        took = time.perf_counter() - began
    from ieg.search.web import indexer_for
    indexer_for(app).stop()  # before its folder goes
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=20)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-directory-"))
    try:
        app = _app(folder)
        build(app, args.groups)
        client = app.test_client()
        first = client.get("/directory/openreferral/services?per_page=100&page=30").json["contents"][-1]["id"]
        paths = {"/directory/": "the whole list, A to Z", "/directory/?ward=E05010003": "one ward's groups",
                 "/directory/group-1234": "an entry", "/directory/openreferral/services": "Open Referral, page 1",
                 f"/directory/openreferral/services/{first}": "Open Referral, one service by its UUID"}
        print(f"Community directory, {args.groups:,} published groups (SQLite), median and worst of {args.runs}")
        for path, label in paths.items():
            timed(client, path)
            runs = [timed(client, path)[0] for _ in range(args.runs)]
            print(f"  {label:42} {statistics.median(runs):7.1f} ms   worst {max(runs):.1f} ms")
        other = Path(tempfile.mkdtemp(prefix="ieg-bench-directory-demo-"))
        try:
            print(f"  demo loader (60 groups, editors, revisions): {demo_loader_seconds(other):.2f} s")
        finally:
            shutil.rmtree(other, ignore_errors=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
