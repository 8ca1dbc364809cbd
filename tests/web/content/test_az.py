"""The A-Z of services (R3): importing LGSL with `flask ieg import-lgsl`, and /a-z over HTTP."""
import re

import pytest
from sqlalchemy import event, func, select

from ieg.content import pages
from ieg.extensions import db
from ieg.models import AzAlias, DeepLink, LgslService, Page, PageService, Section, User
from ieg.timeutil import utcnow
from tests.conftest import TEST_DATA, add_page, wait_until_indexed

LGNL_XML = TEST_DATA / "lgnl-navigation-england-wales-2013.xml"
ADMIN = "admin@staff.example.gov.uk"
COUNTY_ADMISSIONS = "https://www.westshire.example.gov.uk/schools/admissions/apply"


def import_lgsl(app, path):
    return app.test_cli_runner().invoke(args=["ieg", "import-lgsl", str(path)])


def service(app, ident):
    with app.app_context():
        row = db.session.get(LgslService, ident)
        return (row.label, row.description, row.headings) if row else None


def service_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LgslService))


# --- import-lgsl ---------------------------------------------------------------


def test_import_lgsl_from_the_esd_xml_is_idempotent(app):
    first = import_lgsl(app, LGNL_XML)
    assert first.exit_code == 0, first.output
    assert "Imported 829 LGSL services from esd-xml: 829 added, 0 updated, 0 unchanged." in first.output
    assert service_count(app) == 829
    label, description, headings = service(app, 1)
    assert label == "Home schooling" and description.startswith("The education authority")
    assert headings == "Education and learning"

    second = import_lgsl(app, LGNL_XML)
    assert second.exit_code == 0, second.output
    assert "829 LGSL services from esd-xml: 0 added, 0 updated, 829 unchanged." in second.output
    assert service_count(app) == 829


def test_import_lgsl_from_csv_updates_and_keeps_the_xml_headings(app, tmp_path):
    import_lgsl(app, LGNL_XML)
    sample = tmp_path / "lgsl.csv"
    sample.write_text("Identifier,Label,Description\n"
                      "1,Elective home education,Help for parents educating their child at home.\n"
                      "99999,A service new to the list,\n", encoding="utf-8")
    result = import_lgsl(app, sample)
    assert result.exit_code == 0, result.output
    assert "Imported 2 LGSL services from esd-csv: 1 added, 1 updated, 0 unchanged." in result.output
    # The CSV has no LGNL headings, so the XML's stay.
    assert service(app, 1) == ("Elective home education", "Help for parents educating their child at home.",
                               "Education and learning")
    assert service_count(app) == 830


@pytest.mark.parametrize("content, message", [
    (b"Identifier,Label\n1,Renamed by a broken file\nx,Not a number\n", "row 3: identifier 'x' is not a whole number"),
    (b"<WebsiteNavigation><Services><Service>", "malformed XML"),
    (b"", "the file is empty"),
])
def test_a_broken_list_is_refused_and_changes_nothing(app, tmp_path, content, message):
    import_lgsl(app, LGNL_XML)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(content)
    result = import_lgsl(app, broken)
    assert result.exit_code != 0
    assert f"is not a usable esd services list: {message}" in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line, no traceback
    assert service(app, 1)[0] == "Home schooling" and service_count(app) == 829


def test_a_missing_file_is_refused(app, tmp_path):
    result = import_lgsl(app, tmp_path / "nowhere.xml")
    assert result.exit_code != 0 and "Cannot read" in result.output and "No such file" in result.output
    assert service_count(app) == 0


# --- the A-Z ---------------------------------------------------------------------


@pytest.fixture
def listed(app, council):
    """Services, pages in every state and a deep link; returns the page ids by name."""
    with app.app_context():
        db.session.add_all([
            LgslService(id=524, label="Refuse collection"),
            LgslService(id=525, label="Bulky waste collection"),
            LgslService(id=600, label="Beach huts"),
            LgslService(id=601, label="Burial grounds"),
            LgslService(id=16, label="School admissions"),
        ])
        db.session.commit()
    ids = {
        "bins": add_page(app, "waste-and-recycling", "Bin collection days", state="published", lgsl_ids=[524],
                         az_aliases=["Bins", "bottle banks", "The Mayor's recycling pledge", "20mph zones"]),
        # An alias repeating its own page's service label must not list the page twice.
        "bulky": add_page(app, "waste-and-recycling", "Bulky waste", state="published", lgsl_ids=[525],
                          az_aliases=["Bulky waste collection"]),
        "draft": add_page(app, "leisure-and-culture", "Beach huts", lgsl_ids=[600], az_aliases=["Beach hut hire"]),
        "archived": add_page(app, "community-and-living", "Cemeteries", state="published", lgsl_ids=[601],
                             az_aliases=["Cemeteries"]),
    }
    ids["garden"] = add_page(app, "waste-and-recycling", "Garden waste", state="published",
                             parent_id=ids["bins"], az_aliases=["Brown bins"])
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == ADMIN))
        pages.archive(db.session, db.session.get(Page, ids["archived"]), actor, utcnow())
        # Publishing writes these rows; here the draft has them anyway, so only the page's
        # state can keep it out of the A-Z.
        db.session.add_all([PageService(page_id=ids["draft"], lgsl_id=600),
                            AzAlias(page_id=ids["draft"], label="Beach hut hire")])
        schools = db.session.scalar(select(Section).where(Section.slug == "schools"))
        db.session.add(DeepLink(label="School admissions", url=COUNTY_ADMISSIONS, lgsl_id=16,
                                provider="Westshire County Council", section_id=schools.id))
        db.session.commit()
    return ids


def links(body: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the A-Z lists, in page order."""
    main = body.split('aria-label="A to Z"', 1)[1].split("</nav>", 1)[1].split("</main>", 1)[0]
    return [(href, re.sub(r"<[^>]+>|\s+", " ", text).split(" - on another website")[0].strip())
            for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)"[^>]*>(.*?)</a>', main, re.S)
            if not href.startswith("/a-z") and href != "/"]


def test_a_z_lists_published_pages_under_services_and_aliases(client, listed):
    response = client.get("/a-z")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in body and "A to Z of services" in body and "<title>A to Z of services" in body
    assert links(body) == [
        ("/waste-and-recycling/bin-collection-days", "Bins"),
        ("/waste-and-recycling/bin-collection-days", "bottle banks"),
        ("/waste-and-recycling/bin-collection-days/garden-waste", "Brown bins"),
        ("/waste-and-recycling/bulky-waste", "Bulky waste collection"),
        ("/waste-and-recycling/bin-collection-days", "The Mayor&#39;s recycling pledge"),
        ("/waste-and-recycling/bin-collection-days", "Refuse collection"),
        (COUNTY_ADMISSIONS, "School admissions (Westshire County Council)"),
        ("/waste-and-recycling/bin-collection-days", "20mph zones"),
    ]
    # Grouped under letter headings, 0-9 after Z; "The Mayor..." files under M.
    assert re.findall(r'<h2 class="govuk-heading-l[^"]*" id="letter-([^"]+)"', body) == ["B", "M", "R", "S", "0-9"]
    assert 'name="DC.title" content="A to Z of services"' in body


def test_drafts_and_archived_pages_stay_out(client, listed):
    body = client.get("/a-z").get_data(as_text=True)
    for hidden in ("Beach hut", "Burial grounds", "Cemeteries", "/leisure-and-culture/", "/community-and-living/"):
        assert hidden not in body


def test_letter_navigation_links_only_letters_with_entries(client, listed):
    body = client.get("/a-z").get_data(as_text=True)
    nav = re.search(r'<nav aria-label="A to Z">(.*?)</nav>', body, re.S).group(1)
    linked = re.findall(r'href="/a-z/([^"]+)"', nav)
    assert linked == ["B", "M", "R", "S", "0-9"]
    # The rest are plain text, still listed so the alphabet reads in full.
    assert all(f">{letter}<" in nav for letter in "ACDQZ") and nav.count("(no services)") == 22


def test_one_letter(client, listed):
    response = client.get("/a-z/B")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Services starting with B" in body
    assert [text for _, text in links(body)] == ["Bins", "bottle banks", "Brown bins", "Bulky waste collection"]
    assert 'href="/a-z/B" aria-current="page"' in body
    digits = client.get("/a-z/0-9").get_data(as_text=True)
    assert [text for _, text in links(digits)] == ["20mph zones"]


def test_lower_case_letters_redirect_and_unknown_ones_are_not_found(client, listed):
    response = client.get("/a-z/b")
    assert response.status_code == 301 and response.headers["Location"].endswith("/a-z/B")
    for path in ("/a-z/!!", "/a-z/BB", "/a-z/1", "/a-z/%C3%89"):
        assert client.get(path).status_code == 404, path


def test_an_empty_letter_says_so_and_offers_a_way_on(client, listed):
    response = client.get("/a-z/Q")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No services start with Q." in body and links(body) == []
    assert 'href="/a-z">full A to Z of services</a>' in body and 'href="/">find services by topic</a>' in body


def test_deep_links_name_their_provider_and_say_they_leave_the_site(client, listed):
    body = client.get("/a-z/S").get_data(as_text=True)
    link = re.search(rf'<a [^>]*href="{re.escape(COUNTY_ADMISSIONS)}"[^>]*>(.*?)</a>', body, re.S)
    assert link and 'rel="external"' in link.group(0)
    assert "School admissions (Westshire County Council)" in link.group(1)
    assert "on another website" in link.group(1)


def test_deep_links_that_are_not_web_addresses_are_left_out(app, client, listed):
    with app.app_context():
        db.session.add(DeepLink(label="Sneaky", url="javascript:alert(1)", provider="Nobody"))
        db.session.commit()
    body = client.get("/a-z").get_data(as_text=True)
    assert "Sneaky" not in body and "javascript:" not in body


@pytest.mark.parametrize("path", ["/a-z", "/a-z/B", "/a-z/Q", "/a-z/b", "/a-z/!!"])
def test_a_z_sets_no_cookie(client, listed, path):
    assert "Set-Cookie" not in client.get(path).headers


def test_unpublishing_removes_the_entries(app, client, listed):
    assert "Bins" in client.get("/a-z/B").get_data(as_text=True)
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == ADMIN))
        pages.unpublish(db.session, db.session.get(Page, listed["bins"]), actor, utcnow())
        db.session.commit()
    body = client.get("/a-z").get_data(as_text=True)
    assert "/waste-and-recycling/bin-collection-days\"" not in body
    assert [text for _, text in links(body)] == ["Brown bins", "Bulky waste collection",
                                                 "School admissions (Westshire County Council)"]


def test_the_a_z_costs_the_same_queries_however_many_pages(app, client, listed):
    def queries_for(path):
        wait_until_indexed(app)  # the search indexer's own queries are not the A-Z's
        statements = []
        with app.app_context():
            engine = db.engine
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(statements)

    before = queries_for("/a-z")
    parent = listed["garden"]
    for n in range(5):  # deeper pages too: each path walks up through its parents
        parent = add_page(app, "waste-and-recycling", f"Garden waste permit {n}", state="published",
                          parent_id=parent, lgsl_ids=[524], az_aliases=[f"Garden permit {n}"])
    after = queries_for("/a-z")
    assert "/bin-collection-days/garden-waste/garden-waste-permit-0/garden-waste-permit-1" in \
        client.get("/a-z/G").get_data(as_text=True)
    assert after == before
