"""Every security- and evidence-relevant change writes its audit entry, with the
right actor and subject, in the same transaction; the chain verifies after them all; and
every action written has a label in ieg.audit.ACTIONS."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ieg import audit
from ieg.content import pages
from ieg.extensions import db
from ieg.models import AuditEntry, Page, Section, User
from ieg.timeutil import utcnow
from tests.conftest import add_page, csrf_from, sign_in

ADMIN = "admin@staff.example.gov.uk"
AUDITOR = "auditor@staff.example.gov.uk"


def post(client, path, data, page=None):
    return client.post(path, data={**data, "csrf_token": csrf_from(client.get(page or path))})


def entries(app, *actions) -> list[AuditEntry]:
    with app.app_context():
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if actions:
            stmt = stmt.where(AuditEntry.action.in_(actions))
        found = db.session.scalars(stmt).all()
        db.session.expunge_all()
        return found


def user_id(app, email) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_sign_in_refusals_lock_outs_and_sign_out_are_audited(app, council, client):
    uid = user_id(app, ADMIN)
    sign_in(client, " Admin@Staff.example.gov.UK ", "wrong password")
    sign_in(client, "nobody@example.org", "wrong password")
    sign_in(client, ADMIN)
    post(client, "/logout", {}, page="/admin/")
    refused = entries(app, "auth.login_failed")
    assert [(e.subject, e.details, e.actor_id) for e in refused] == [
        # As typed, less the spaces around it (one-line fields are trimmed and cannot hold a line break).
        (f"user:{uid}", {"email": "Admin@Staff.example.gov.UK", "reason": "wrong_password"}, None),
        ("user:unknown", {"email": "nobody@example.org", "reason": "unknown_address"}, None)]
    assert all("password" not in str(e.details).replace("wrong_password", "") for e in refused)
    [login] = entries(app, "auth.login")
    [logout] = entries(app, "auth.logout")
    assert login.actor_id == logout.actor_id == uid and login.subject == logout.subject == f"user:{uid}"
    assert "Ada Admin" in login.actor

    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        sign_in(app.test_client(), AUDITOR, "wrong password")
    assert sign_in(app.test_client(), AUDITOR).status_code == 429
    assert entries(app, "auth.login_failed")[-1].details == {"email": AUDITOR, "reason": "locked_out"}
    with app.app_context():
        assert audit.verify(db.session) is None


def test_an_administrators_changes_to_users_are_audited(app, council, signed_in):
    admin = signed_in(ADMIN)
    admin_id = user_id(app, ADMIN)
    response = post(admin, "/admin/users/new", {"name": "Libby Books", "email": "libby@ashdown.example.gov.uk",
                                                "roles": ["officer"], "active": "y",
                                                "password": "a long enough password"})
    assert response.status_code == 302
    uid = user_id(app, "libby@ashdown.example.gov.uk")
    details = {"name": "Libby Books", "email": "libby@ashdown.example.gov.uk"}
    post(admin, f"/admin/users/{uid}", {**details, "roles": ["auditor"], "active": "y"})  # officer out, auditor in
    post(admin, f"/admin/users/{uid}", {**details, "roles": ["auditor"]})  # stopped
    post(admin, f"/admin/users/{uid}", {**details, "roles": ["auditor"], "active": "y"})  # back
    with app.app_context():
        libraries = db.session.scalar(select(Section.id).where(Section.slug == "libraries"))
        count = db.session.query(Section).count()
    none = {f"section_{i}": "none" for i in range(1, count + 1)}
    post(admin, f"/admin/users/{uid}/grants", {**none, f"section_{libraries}": "author"}, page=f"/admin/users/{uid}")
    post(admin, f"/admin/users/{uid}/grants", {**none, f"section_{libraries}": "publisher"},
         page=f"/admin/users/{uid}")
    post(admin, f"/admin/users/{uid}/grants", none, page=f"/admin/users/{uid}")
    post(admin, f"/admin/users/{uid}/password", {"password": "another long password"}, page=f"/admin/users/{uid}")
    for choice in ("yes", "yes", "no"):  # saving the same choice twice records it once
        post(admin, f"/admin/users/{uid}/personal-data", {"sees_personal_data": choice}, page=f"/admin/users/{uid}")

    found = [(e.action, e.details) for e in entries(app) if e.subject == f"user:{uid}"]
    assert found[0][0] == "user.create" and found[0][1]["roles"] == ["officer"]
    assert found[0][1]["email"] == "libby@ashdown.example.gov.uk"
    assert found[1:] == [
        ("user.role_remove", {"role": "officer"}), ("user.role_add", {"role": "auditor"}),
        ("user.deactivate", {}), ("user.reactivate", {}),
        ("user.grant_add", {"section": "libraries", "role": "author"}),
        ("user.grant_remove", {"section": "libraries", "role": "author"}),
        ("user.grant_add", {"section": "libraries", "role": "publisher"}),
        ("user.grant_remove", {"section": "libraries", "role": "publisher"}),
        ("user.password_reset", {}),
        ("user.personal_data_grant", {}), ("user.personal_data_revoke", {})]
    assert {e.actor_id for e in entries(app) if e.subject == f"user:{uid}"} == {admin_id}
    with app.app_context():
        assert audit.verify(db.session) is None


def test_only_auditors_get_the_personal_data_grant(app, council, signed_in):
    admin = signed_in(ADMIN)
    uid = user_id(app, "officer@staff.example.gov.uk")
    assert "Personal data for this auditor" not in admin.get(f"/admin/users/{uid}").get_data(as_text=True)
    response = post(admin, f"/admin/users/{uid}/personal-data", {"sees_personal_data": "yes"},
                    page=f"/admin/users/{uid}")
    assert response.status_code == 400 and "give the auditor role first" in response.get_data(as_text=True)
    page = admin.get(f"/admin/users/{user_id(app, AUDITOR)}").get_data(as_text=True)
    assert "Personal data for this auditor" in page and "Masked: initials" in page
    assert not entries(app, "user.personal_data_grant")


def test_publishing_unpublishing_archiving_and_the_scheduled_job_are_audited(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste", state="published",
                       actor_email="waste.publisher@staff.example.gov.uk")
    publisher = user_id(app, "waste.publisher@staff.example.gov.uk")
    with app.app_context():
        page = db.session.get(Page, page_id)
        actor = db.session.get(User, publisher)
        pages.unpublish(db.session, page, actor, utcnow(), "Out of date")
        pages.submit(db.session, page, actor, utcnow())
        pages.publish(db.session, page, actor, utcnow(), at=utcnow() + timedelta(minutes=5))
        db.session.commit()
        assert pages.run_schedule(db.session, utcnow() + timedelta(minutes=6)) == (1, 0)
        pages.archive(db.session, page, actor, utcnow(), "Service ended")
        db.session.commit()
    found = entries(app, "page.publish", "page.unpublish", "page.archive")
    assert [(e.action, e.actor_id, e.details["scheduled"]) for e in found] == [
        ("page.publish", publisher, False), ("page.unpublish", publisher, False), ("page.publish", None, True),
        ("page.archive", publisher, False)]
    assert {e.subject for e in found} == {f"page:{page_id}"}
    assert found[1].details["comment"] == "Out of date" and found[0].details["section"] == "waste-and-recycling"
    assert found[2].actor == "system"
    with app.app_context():
        assert audit.verify(db.session) is None


def test_exports_are_audited_for_everyone(app, council, signed_in):
    agent = signed_in("contact.agent@staff.example.gov.uk")
    response = agent.get("/evidence/reports/r29.csv?from=2026-03-01&to=2026-04-30")
    assert response.status_code == 200
    [export] = entries(app, "evidence.export")
    assert export.subject == "export:r29.csv" and export.actor_id == user_id(app, "contact.agent@staff.example.gov.uk")
    assert export.details["from"] == "2026-03-01" and export.details["to"] == "2026-04-30"
    assert export.details["rows"] == response.get_data(as_text=True).count("\r\n") - 1
    # A member of staff's drill-down is their work, not an auditor's view: not logged.
    agent.get("/evidence/reports/r29/enquiries?from=2026-03-01&to=2026-04-30")
    assert not entries(app, "auditor.view")


def test_every_action_written_has_a_label():
    assert {"auth.login", "auth.login_failed", "auth.logout", "user.create", "user.role_add", "user.role_remove",
            "user.grant_add", "user.grant_remove", "user.deactivate", "user.reactivate", "user.password_reset",
            "user.personal_data_grant", "user.personal_data_revoke", "page.publish", "page.unpublish",
            "page.archive", "evidence.export", "auditor.view"} <= set(audit.ACTIONS)
    assert audit.label("something.new") == "something.new"
