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
