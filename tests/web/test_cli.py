"""The `flask ieg` commands and the migrations."""
from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import Section, User
from tests.conftest import head_revision


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent_and_keeps_the_audit_log_in_time_order(app):
    """Loaded at 12:20 on 7 December 2026, the year's casework put a first response inside a page's
    review (saved, submitted five minutes later, published ten minutes later): the audit log went
    back in time. Casework in between is audited in between."""
    from datetime import datetime, timezone

    import time_machine

    from ieg.models import AuditEntry

    runner = app.test_cli_runner()
    with time_machine.travel(datetime(2026, 12, 7, 12, 20, 8, 536715, tzinfo=timezone.utc), tick=True):
        first = runner.invoke(args=["ieg", "demo"])
    assert first.exit_code == 0, first.output
    # The migrations made the "Councillors and democracy" section: the demo adds the other 15.
    assert ("15 sections and 9 users created, 88 pages, 17 forms, 158 LGSL services, 18 A-Z deep links and 344 "
            "enquiries added") in first.output
    second = runner.invoke(args=["ieg", "demo"])
    assert ("0 sections and 0 users created, 0 pages, 0 forms, 0 LGSL services, 0 A-Z deep links and 0 "
            "enquiries added") in second.output
    # Each of the 39 demo councillors has a section for their own pages, and the migrations made News
    # and the community directory's; democratic services' officer is the tenth user, the communications
    # officer the eleventh, then the directory's moderator and group editor logins and the other 57
    # groups' own editors.
    assert count(app, Section) == 16 + 1 + 1 + 39 and count(app, User) == 11 + 2 + 57
    with app.app_context():
        times = db.session.scalars(select(AuditEntry.at).order_by(AuditEntry.id)).all()
        assert len(times) > 300 and times == sorted(times)


def test_demo_casework_is_real_casework(demo_site):
    """The demo's enquiries went through the real services: every web and email enquiry was
    acknowledged with its reference (sent at the time, so nothing old goes out on first run),
    one change of address was applied and another waits, a duplicate waits to be merged.
    A year of them has deadlines from the standards, answers by email and by phone, misses
    that were closed only with a reason, and exclusions of every kind."""
    from ieg.casework import customers, deadlines, fcr
    from ieg.models import AddressChange, Customer, Enquiry, OutboxMessage
    from ieg.timeutil import utcnow
    from ieg.workingtime import Calendar

    app = demo_site
    with app.app_context():
        items = db.session.scalars(select(Enquiry)).all()
        assert {e.channel for e in items} == {"web", "email", "phone", "face_to_face", "letter", "api"}
        for item in items:
            acks = [e for e in item.events if e.kind == "acknowledged"]
            assert len(acks) == (1 if item.channel in ("web", "email") and item.customer.email else 0), item.subject
            assert all(item.reference in a.outbox_message.subject for a in acks)
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status != "sent")) == 0
        change = db.session.scalar(select(AddressChange))
        assert change.customer.name == "Sam Patel" and any(r.action == "updated" and r.enquiry for r in change.records)
        waiting = [e for e in items if e.case_type.slug == customers.CHANGE_OF_ADDRESS and e.status == "open"]
        assert len(waiting) == 1 and customers.applied_change(db.session, waiting[0]) is None
        helen = db.session.scalar(select(Customer).where(Customer.email == "helen.wright@example.com"))
        assert [d.email for d in customers.possible_duplicates(db.session, helen)] == ["h.wright@example.org"]
        officer = db.session.scalar(select(User).where(User.email == "officer@ashdown.example.gov.uk"))
        assert officer.casework_section.slug == "waste-and-recycling"
        now = utcnow()
        rows = fcr.report(db.session, Calendar(), now.replace(year=now.year - 1), now, now)
        assert sum(r.cell.confirmed for r in rows) >= 3 and sum(r.cell.followed_up for r in rows) == 1

        assert len({e.received_month for e in items}) >= 12
        assert all(e.response_due_at and e.resolution_due_at and e.standards_version_id for e in items)
        assert {e.excluded_reason for e in items} == {None, "spam", "duplicate", "misdirected", "auto_reply"}
        assert {"email", "phone", "letter"} <= {e.first_response_kind for e in items}
        late = [e for e in items if deadlines.response_breached(e, now)]
        assert len(late) >= 10 and sum(e.first_response_at is not None for e in late) >= 5
        finished = [e for e in items if e.status in ("resolved", "closed")]
        assert all(e.breach_reason for e in finished
                   if deadlines.response_breached(e, now) or deadlines.resolution_breached(e, now))
        assert not any(e.received_at > now for e in items)


def test_demo_history_is_dated_as_it_happened(demo_site):
    """An enquiry received a year ago was measured against standards in force from today;
    customers were "customers since" today and every page "last updated" today. The demo's
    past is dated as it happened: standards before the first enquiry, each customer from their
    first contact, pages written and published before the launch and reviewed since, and the
    audit log's entries in time order, none of them from the loading itself."""
    import re
    from datetime import timedelta

    from ieg import audit
    from ieg.models import AuditEntry, Customer, Enquiry, Page, StandardsVersion
    from ieg.timeutil import to_local, utcnow
    from tests.conftest import sign_in

    app = demo_site
    now = utcnow()
    with app.app_context():
        first = db.session.scalar(select(func.min(Enquiry.received_at)))
        version = db.session.scalar(select(StandardsVersion))
        assert version.created_at < first < now - timedelta(days=300)
        firsts = dict(db.session.execute(select(Enquiry.customer_id, func.min(Enquiry.received_at))
                                         .group_by(Enquiry.customer_id)).all())
        customers = db.session.scalars(select(Customer).where(Customer.id.in_(firsts))).all()
        assert len(customers) > 60 and all(c.created_at == firsts[c.id] for c in customers)
        # A consultation's background and outcome are pages of its section, published with it, after the
        # launch (ieg/demo/participation.py), and news goes on being published (ieg/demo/news.py); the CMS's
        # own demo pages were all written before it.
        from ieg.models import Consultation, Section
        theirs = {i for row in db.session.execute(select(Consultation.page_id, Consultation.outcome_page_id))
                  for i in row if i} | set(db.session.scalars(
            select(Page.id).join(Section, Page.section_id == Section.id).where(Section.slug == "news")))
        pages = [p for p in db.session.scalars(select(Page)) if p.id not in theirs]
        assert all(p.created_at < now - timedelta(days=7) and p.updated_at < now - timedelta(days=1) for p in pages)
        published = [p for p in pages if p.status == "published"]
        assert all(p.first_published_at <= version.created_at + timedelta(hours=4) for p in published)
        updated = {to_local(p.last_published_at, "Europe/London").date() for p in published}
        assert len(updated) > 20 and max(updated) < to_local(now, "Europe/London").date()
        # Staff were set up before the pages; community groups' editors joined as their groups signed up.
        assert all(u.created_at < min(p.created_at for p in pages) for u in db.session.scalars(select(User))
                   if "group_editor" not in u.role_names)
        times = db.session.scalars(select(AuditEntry.at).order_by(AuditEntry.id)).all()
        assert len(times) > 300 and times == sorted(times) and times[-1] < now - timedelta(hours=1)
        assert audit.verify(db.session) is None
        sam = db.session.scalar(select(Customer).where(Customer.email == "sam.patel@example.com"))
        sam_since, version_since = sam.created_at, version.created_at
        reference = db.session.scalar(select(Enquiry.reference).where(Enquiry.received_at == first).limit(1))
    client = app.test_client()
    sign_in(client, "contact.agent@ashdown.example.gov.uk")
    record = client.get(f"/staff/customers/{sam.id}").get_data(as_text=True)
    since = re.search(r"Customer since</dt><dd[^>]*>([^<]+)<", record).group(1)
    assert since == f"{to_local(sam_since, 'Europe/London'):%-d %B %Y}"
    client = app.test_client()
    sign_in(client, "auditor@ashdown.example.gov.uk")
    enquiry = client.get(f"/evidence/enquiries/{reference}").get_data(as_text=True)
    assert f"Version 1, in force from {to_local(version_since, 'Europe/London'):%-d %B %Y}" in enquiry


def test_demo_if_empty_leaves_a_used_database_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["ieg", "create-user", "--email", "a@example.org", "--name", "A", "--role", "admin",
                        "--password-stdin"], input="a long enough password\n")
    result = runner.invoke(args=["ieg", "demo", "--if-empty"])
    # Only the sections the migrations made for democratic services, news and the community directory.
    assert "not loaded" in result.output and count(app, Section) == 3


def test_create_user_with_role_and_grant(app, council):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ieg", "create-user", "--email", "New.Editor@Example.org", "--name", "New Editor",
                                 "--grant", "libraries:publisher", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.editor@example.org"))
        assert [(g.section.slug, g.role) for g in user.grants] == [("libraries", "publisher")]
        assert user.check_password("a long enough password")
        from ieg.models import AuditEntry
        created = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
        assert created.actor == "system" and str(user.id) in created.subject


def test_create_user_refuses_bad_input_cleanly(app, council):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ieg", "create-user", "--email", "x@example.org", "--name", "X",
                                 "--grant", "nowhere:author", "--password-stdin"], input="a long enough password\n")
    assert result.exit_code != 0 and "No section with the slug 'nowhere'" in result.output
    result = runner.invoke(args=["ieg", "create-user", "--email", "x@example.org", "--name", "X",
                                 "--password-stdin"], input="short\n")
    assert result.exit_code != 0 and "12 characters" in result.output


def test_run_job(app, council):
    result = app.test_cli_runner().invoke(args=["ieg", "run-job", "prune-login-attempts"])
    assert result.exit_code == 0 and "removed 0 expired sign-in attempts" in result.output
    result = app.test_cli_runner().invoke(args=["ieg", "run-job", "nope"])
    assert result.exit_code != 0 and "prune-login-attempts" in result.output


def test_migrations_match_the_models(app):
    """The schema changes only through migrations: the models must not have drifted."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []


def test_migrations_downgrade_and_upgrade(app):
    from flask_migrate import downgrade, upgrade
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        assert db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_commands_on_a_database_not_set_up_say_what_to_run(tmp_path):
    """`flask ieg demo` before `flask db upgrade` ended in a traceback ("no such table:
    sections"); on a schema behind the code's migrations a command would fail part-way. Each
    database command says what to run instead, and changes nothing."""
    from flask_migrate import upgrade

    from tests.conftest import make_app

    app = make_app(tmp_path, tmp_path / "new.sqlite3")
    runner = app.test_cli_runner()
    for args in (["ieg", "demo"], ["ieg", "create-user", "--email", "a@example.org", "--name", "A", "--role", "admin"],
                 ["ieg", "run-job", "send-outbox"], ["ieg", "reindex"], ["ieg", "verify-audit"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "The database has no tables yet" in result.output and "flask --app app db upgrade" in result.output
        assert "Traceback" not in result.output
    with app.app_context():
        upgrade(revision="0010")
    result = runner.invoke(args=["ieg", "demo"])
    assert result.exit_code == 1
    assert f"at revision 0010, and this version of IEG needs {head_revision()}" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        upgrade()
        db.engine.dispose()
    assert runner.invoke(args=["ieg", "create-user", "--email", "a@example.org", "--name", "A", "--role", "admin",
                               "--password-stdin"], input="a long enough password 1\n").exit_code == 0
