"""Democratic services add and end councillors' roles, committee memberships and terms: dated,
history kept, audited; preparers and councillors cannot."""
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import AuditEntry, CommitteeMember, Councillor

from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD


def _signed_in(client, email):
    assert sign_in(client, email, PASSWORD).status_code == 302
    return client


def _post(client, url, data, page):
    return client.post(url, data={**data, "csrf_token": csrf_from(client.get(page))})


def _refused(client, url, page, ends):
    return client.post(url, data={"csrf_token": csrf_from(client.get(page)), "ends": ends},
                       follow_redirects=True).get_data(as_text=True)


def _audited(app):
    with app.app_context():
        return set(db.session.scalars(select(AuditEntry.action)))


def test_add_and_end_a_role_then_end_the_term(app, client, council):
    _signed_in(client, council.officer)
    page = f"/edit/democracy/councillors/{council.mine}/offices"
    assert "Roles, committees and term" in client.get(page).get_data(as_text=True)
    early = _post(client, page, {"title": "Cabinet member for housing", "starts": ["1", "1", "2025"]}, page)
    assert early.status_code == 400 and "cannot start before the councillor" in early.get_data(as_text=True)
    assert _post(client, page, {"title": "Cabinet member for housing", "starts": ["1", "3", "2026"]}, page).status_code == 302
    assert "Cabinet member for housing, since 1 March 2026" in client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    with app.app_context():
        role_id = db.session.scalar(select(Councillor).where(Councillor.slug == council.mine)).roles[0].id
    end = f"/edit/democracy/councillors/{council.mine}/roles/{role_id}/end"
    assert "cannot end before it started" in _refused(client, end, page, ["1", "2", "2026"])
    assert _post(client, end, {"ends": ["30", "9", "2026"]}, page).status_code == 302
    body = client.get(page).get_data(as_text=True)
    assert "Cabinet member for housing, from 1 March 2026 to 30 September 2026" in body  # history kept
    assert "Cabinet member for housing" not in client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    assert _post(client, page, {"title": "Chair of the council", "starts": ["1", "10", "2026"]}, page).status_code == 302
    assert _post(client, f"/edit/democracy/councillors/{council.mine}/term", {"ends": ["6", "5", "2027"]},
                 page).status_code == 302
    with app.app_context():
        councillor = db.session.scalar(select(Councillor).where(Councillor.slug == council.mine))
        assert str(councillor.term_ends) == "2027-05-06"
        assert [(r.title, str(r.ends)) for r in councillor.roles] == [
            ("Cabinet member for housing", "2026-09-30"), ("Chair of the council", "2027-05-06")]
    assert "to 6 May 2027" in client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    assert {"democracy.role", "democracy.role_end", "democracy.term_end"} <= _audited(app)


def test_end_a_committee_membership_keeps_it_as_history(app, client, council):
    _signed_in(client, council.officer)
    page = f"/edit/democracy/committees/{council.committee}"
    with app.app_context():
        member_id = db.session.scalar(select(CommitteeMember.id))
    end = f"{page}/members/{member_id}/end"
    assert "Membership must end after it starts" in _refused(client, end, page, ["1", "1", "2025"])
    assert _post(client, end, {"ends": ["31", "3", "2026"]}, page).status_code == 302
    body = client.get(page).get_data(as_text=True)
    assert "Past and future members" in body and "Chair, from 1 January 2026 to 31 March 2026" in body
    assert "Councillor Priya Shah" not in client.get(f"/meetings/committees/{council.committee}").get_data(as_text=True)
    offices = client.get(f"/edit/democracy/councillors/{council.mine}/offices").get_data(as_text=True)
    assert "Planning Committee</a>, Chair, from 1 January 2026 to 31 March 2026" in offices
    assert "democracy.member_end" in _audited(app)


def test_preparers_and_councillors_cannot_change_offices(app, client, council):
    _signed_in(client, council.preparer)
    page = f"/edit/democracy/councillors/{council.mine}/offices"
    assert client.get(page).status_code == 200
    token = csrf_from(client.get(page))
    assert client.post(page, data={"csrf_token": token, "title": "Chair", "starts": ["1", "3", "2026"]}).status_code == 403
    assert client.post(f"/edit/democracy/councillors/{council.mine}/term",
                       data={"csrf_token": token, "ends": ["1", "3", "2027"]}).status_code == 403
    with app.app_context():
        member_id = db.session.scalar(select(CommitteeMember.id))
    assert client.post(f"/edit/democracy/committees/{council.committee}/members/{member_id}/end",
                       data={"csrf_token": token, "ends": ["1", "3", "2027"]}).status_code == 403
    councillor = _signed_in(app.test_client(), council.councillor_email)
    assert councillor.get(page).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Councillor).where(Councillor.slug == council.mine)).term_ends is None
        assert db.session.scalar(select(CommitteeMember.ends)) is None
