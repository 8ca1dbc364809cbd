"""Appending to the audit log from several requests at once: every append lands, in one
unbroken chain (two sign-ins at the same moment must not make one of them fail)."""
import threading

from sqlalchemy import func, select

from ieg import audit
from ieg.extensions import db
from ieg.models import AuditEntry, User
from ieg.timeutil import utcnow

WRITERS, EACH = 4, 15


def append_concurrently(app) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        start.wait()
        for i in range(EACH):
            with app.app_context():
                try:
                    db.session.scalar(select(func.count()).select_from(User))  # a request reads first
                    audit.record(db.session, None, "auth.login", f"user:{number}", {"i": i}, utcnow())
                    db.session.commit()
                except BaseException as error:  # noqa: BLE001 - collected for the assertion
                    db.session.rollback()
                    errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_appends_all_land_in_one_chain(app):
    errors = append_concurrently(app)
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == WRITERS * EACH
        assert audit.verify(db.session) is None


def test_the_page_check_is_incremental_but_never_misses_the_entry_it_stands_on(app):
    """Between full checks the page checks only new entries, after making sure the last one it
    checked is unchanged; a change further back is found at the next full check."""
    from datetime import timedelta

    table = AuditEntry.__table__
    with app.app_context():
        ids = [audit.record(db.session, None, "test.action", f"thing:{n}", {"n": n}, utcnow()).id for n in range(4)]
        db.session.commit()
        now = utcnow()
        first = audit.verify_for_page(db.session, now)
        assert first.broken is None and not first.entries_since
        ids.append(audit.record(db.session, None, "test.action", "thing:4", {"n": 4}, now).id)
        db.session.commit()
        again = audit.verify_for_page(db.session, now + timedelta(minutes=1))
        assert again.broken is None and again.entries_since and again.full_at == now
        # The newest entry checked is changed: found at once.
        db.session.execute(table.update().where(table.c.id == ids[-1]).values(subject="forged"))
        db.session.commit()
        assert audit.verify_for_page(db.session, now + timedelta(minutes=2)).broken.entry_id == ids[-1]
        db.session.execute(table.update().where(table.c.id == ids[-1]).values(subject="thing:4"))
        db.session.commit()
        assert audit.verify_for_page(db.session, now + timedelta(minutes=2)).broken is None
        # An older one is changed: found by the next full check, and by verify-audit at once.
        db.session.execute(table.update().where(table.c.id == ids[1]).values(subject="forged"))
        db.session.commit()
        assert audit.verify(db.session).entry_id == ids[1]
        assert audit.verify_for_page(db.session, now + audit.FULL_CHECK_EVERY + timedelta(minutes=3)).broken.entry_id \
            == ids[1]
