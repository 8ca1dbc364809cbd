"""Every kind of role x (own section, other section) x every editing action, through HTTP.

"Own" is the Waste and recycling section for the waste editors (and nobody else's own);
"other" is Planning. Each action gets a fresh page, so the answer is about permission,
never about the page's state. Expected answers are written out by hand.
"""
import pytest
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Page, SectionGrant, User
from tests.conftest import add_page, csrf_from, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

ACTIONS = ("view_draft", "edit", "submit", "publish", "archive", "upload", "grant")
PDF = b"%PDF-1.7\n" + b"0" * 64
EDITORS = {"waste.author": "author", "waste.publisher": "publisher"}  # their grants are on Waste only


def expected(role_key: str, section: str, action: str) -> bool:
    if role_key == "admin":
        return True
    if action == "grant":
        return False
    grant = EDITORS.get(role_key) if section == "waste-and-recycling" else {
        "planning.author": "author", "planning.publisher": "publisher"}.get(role_key)
    if grant is None:
        return False
    return action in ("view_draft", "edit", "submit", "upload") or grant == "publisher"


def form_data(page_id):
    return {"title": "Changed title", "summary": "", "body": "## Changed\n\nText.\n", "parent_id": "",
            "owner_name": "Pat", "review_by": ["1", "1", "2030"], "save": "Save draft"}


@pytest.mark.parametrize("user", HOLDERS, ids=lambda u: u.key)
@pytest.mark.parametrize("section", ["waste-and-recycling", "planning"])
def test_cms_permission_matrix(app, council, user, section):
    role_key = user.key
    client = app.test_client()
    sign_in(client, add_holder(app, user), PASSWORD)
    token = csrf_from(client.get("/account/"))
    for action in ACTIONS:
        page_id = add_page(app, section, f"{action} page", state="in_review" if action == "publish" else "draft")
        allowed = expected(role_key, section, action)
        if action == "view_draft":
            response = client.get(f"/edit/pages/{page_id}")
        elif action == "edit":
            response = client.post(f"/edit/pages/{page_id}", data={**form_data(page_id), "csrf_token": token})
        elif action == "grant":
            with app.app_context():
                target = db.session.scalar(select(User.id).where(User.email == "councillor@staff.example.gov.uk"))
            response = client.post(f"/admin/users/{target}/grants", data={"csrf_token": token,
                                                                         **{f"section_{i}": "author" for i in range(1, 17)}})
        elif action == "upload":
            import io
            response = client.post(f"/edit/pages/{page_id}/attachments", content_type="multipart/form-data",
                                   data={"csrf_token": token, "file": (io.BytesIO(PDF), "plan.pdf"), "title": "Plan"})
        else:
            response = client.post(f"/edit/pages/{page_id}/{action}", data={"csrf_token": token})
        assert response.status_code == (403 if not allowed else (200 if action == "view_draft" else 302)), \
            (role_key, section, action, response.status_code)
        with app.app_context():
            page = db.session.get(Page, page_id)
            changed = {
                "view_draft": None,
                "edit": page.title == "Changed title",
                "submit": page.status == "in_review",
                "publish": page.status == "published",
                "archive": page.status == "archived",
                "upload": len(page.attachments) == 1,
                "grant": db.session.scalar(select(SectionGrant).join(User).where(
                    User.email == "councillor@staff.example.gov.uk")) is not None,
            }[action]
        if changed is not None:
            assert changed is allowed, (role_key, section, action)


def test_author_of_one_section_gets_403_on_anothers_pages(app, council):
    page_id = add_page(app, "planning", "Planning draft")
    client = app.test_client()
    sign_in(client, "waste.author@staff.example.gov.uk")
    for path in (f"/edit/pages/{page_id}", f"/edit/pages/{page_id}/history",
                 f"/edit/pages/{page_id}/compare?a=1&b=1", "/edit/sections/planning/", "/edit/sections/planning/new"):
        assert client.get(path).status_code == 403, path


def test_visitors_are_sent_to_sign_in_from_drafts(app, council):
    page_id = add_page(app, "planning", "Planning draft")
    response = app.test_client().get(f"/edit/pages/{page_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
