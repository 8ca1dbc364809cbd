"""A database that can be read but not written (a read-only mount, a PostgreSQL standby):
health says so, and searching, which only reads, still works."""
import pytest


@pytest.fixture
def read_only(app_factory, database, council, content_site):
    """An app on a copy of the demo site's database, opened read-only by SQLite itself."""
    import shutil
    shutil.copy(content_site / "ieg.sqlite3", database)
    # Its own copy of the index too: content_site is shared by the run's workers.
    shutil.copytree(content_site / "search", database.parent / "search")
    return app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{database}?mode=ro&uri=true",
                       SEARCH_INDEX_PATH=str(database.parent / "search"))


def test_health_reports_a_read_only_database_as_degraded(read_only, client):
    response = read_only.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "degraded" and response.json["database"] == "read-only"
    assert client.get("/healthz").json["status"] == "ok"  # the same site, writable


def test_search_works_on_a_read_only_database(read_only):
    client = read_only.test_client()
    response = client.get("/search?q=bins")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "bin" in body.lower()
    assert 'href="/search/go?' in body
    follow = client.get(body.split('href="/search/go?', 1)[1].split('"', 1)[0].replace("&amp;", "&").join(
        ("/search/go?", "")))
    assert follow.status_code == 303
