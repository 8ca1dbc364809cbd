"""The `flask ieg` commands and the migrations."""
from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import Section, User


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["ieg", "demo"])
    assert first.exit_code == 0, first.output
    assert "16 sections and 9 users created, 88 pages, 158 LGSL services and 18 A-Z deep links added" in first.output
    second = runner.invoke(args=["ieg", "demo"])
    assert "0 sections and 0 users created, 0 pages, 0 LGSL services and 0 A-Z deep links added" in second.output
    assert count(app, Section) == 16 and count(app, User) == 9


def test_demo_if_empty_leaves_a_used_database_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["ieg", "create-user", "--email", "a@example.org", "--name", "A", "--role", "admin",
                        "--password-stdin"], input="a long enough password\n")
    result = runner.invoke(args=["ieg", "demo", "--if-empty"])
    assert "not loaded" in result.output and count(app, Section) == 0


def test_create_user_with_role_and_grant(app, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ieg", "create-user", "--email", "New.Editor@Example.org", "--name", "New Editor",
                                 "--grant", "libraries:publisher", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.editor@example.org"))
        assert [(g.section.slug, g.role) for g in user.grants] == [("libraries", "publisher")]
        assert user.check_password("a long enough password")


def test_create_user_refuses_bad_input_cleanly(app, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ieg", "create-user", "--email", "x@example.org", "--name", "X",
                                 "--grant", "nowhere:author", "--password-stdin"], input="a long enough password\n")
    assert result.exit_code != 0 and "No section with the slug 'nowhere'" in result.output
    result = runner.invoke(args=["ieg", "create-user", "--email", "x@example.org", "--name", "X",
                                 "--password-stdin"], input="short\n")
    assert result.exit_code != 0 and "12 characters" in result.output


def test_run_job(app, demo):
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
        assert db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar() == "0009"
