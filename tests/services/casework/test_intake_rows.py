"""The submission path writes its rows through ieg.fast_rows (Core INSERTs, no flush):
the same rows as before, in one transaction, objects that read without SQL, and a reference
clash answered by drawing another reference, on SQLite and on PostgreSQL."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, event, func, select

from types import SimpleNamespace

from ieg import fast_rows as rows
from ieg.casework import enquiries, fast_intake, intake_rows, references
from ieg.casework.enquiries import ContactDetails, contact_values
from ieg.extensions import db
from ieg.models import CaseType, Customer, CustomerAddress, Enquiry, EnquiryEvent, OutboxMessage
from ieg.fast_rows import insert_row
from ieg.config import Council
from tests.factories import make_section
from tests.web.test_postgresql import pg_app, postgres_url  # noqa: F401  (fixtures)

NOW = datetime(2026, 3, 3, 14, 5, tzinfo=timezone.utc)
COUNCIL = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")


GENERAL_ENQUIRY = SimpleNamespace(case_type="general-enquiry", case_type_name="General enquiry",
                                  section="about-the-council", outcome_refs=())


def _submit(email="jo@example.com", key="k1", address="", plain=False, phone=None, session=None, fill_in=False):
    """What the e-form's submit step does (with `plain`, the steps of ieg.casework.fast_intake,
    as the web form takes them: no ORM objects; it runs in a fast_rows.Transaction), without
    the commit; the ORM way is what staff and email intake do (`fill_in`: as staff logging a
    call do, filling in what the record lacks)."""
    session = session or db.session
    given = ContactDetails(name="Jo Bloggs", email=email, address=address, postcode="as11aa" if address else None,
                           phone=phone)
    if plain:
        # The web form never fills a record in (staff do): the shared rule, on rows, as before.
        customer = (fast_intake._record(intake_rows.customer_row(session, contact_values(given), fill_in=True)[0])
                    if fill_in else fast_intake._customer(session, given))
        kind = fast_intake._case_type(session, GENERAL_ENQUIRY)
        enquiry, created = fast_intake._open_enquiry(
            session, customer=customer, kind=kind, subject="When is my bin day?",
            description="Your question: When is my bin day?", location="", answers={"question": "When is my bin day?"},
            now=NOW, submission_key=f"general-enquiry:{key}", zone="Europe/London", arrival=None, given=given)
        if created:
            fast_intake._acknowledge(session, enquiry, COUNCIL, NOW)
        return customer, enquiry, created
    customer = enquiries.find_or_create_customer(session, given, fill_in=fill_in)
    kind = enquiries.case_type(session, "general-enquiry", "General enquiry", "about-the-council")
    enquiry, created = enquiries.open_enquiry(
        session, channel="web", customer=customer, case_type=kind, subject="When is my bin day?",
        description="Your question: When is my bin day?", answers={"question": "When is my bin day?"},
        received_at=NOW, now=NOW, submission_key=f"general-enquiry:{key}", given=given)
    if created:
        enquiries.acknowledge(session, enquiry, COUNCIL, NOW)
    return customer, enquiry, created


BOTH_WAYS = pytest.mark.parametrize("plain", [False, True], ids=["orm", "plain"])


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@contextmanager
def _statements():
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_a_submission_writes_its_rows_and_reads_them_back_without_sql(app, council):
    with app.app_context():
        customer, enquiry, created = _submit(address="1 High Street")
        assert created
        with _statements() as seen:
            assert enquiry.customer is customer and enquiry.case_type.slug == "general-enquiry"
            assert enquiry.section_id == enquiry.case_type.section_id is not None
            assert enquiry.section is enquiry.case_type.section
            assert (enquiry.contact_address, enquiry.contact_postcode) == ("1 High Street", "AS1 1AA")
            assert [e.kind for e in enquiry.events] == ["received", "acknowledged"]
            received, acknowledged = enquiry.events
            assert received.enquiry is enquiry and received.outbox_message is None
            message = acknowledged.outbox_message
            assert message.id == acknowledged.outbox_message_id and message.to_address == "jo@example.com"
            assert enquiry.reference in message.subject and message.status == "pending"
            assert (enquiry.status, enquiry.answers, enquiry.files) == ("open", {"question": "When is my bin day?"}, [])
            assert (customer.name, customer.email, customer.merged_into_id) == ("Jo Bloggs", "jo@example.com", None)
            assert [a.postcode for a in customer.addresses] == ["AS1 1AA"]
        assert seen == []
        ids = enquiry.id, customer.id, message.id
        db.session.commit()
        db.session.expunge_all()
        stored = db.session.get(Enquiry, ids[0])
        assert stored.customer_id == ids[1] and references.is_valid(stored.reference)
        assert stored.taken_in_at == stored.received_at == NOW and stored.resolved_at is None
        assert [(e.kind, e.public, e.at) for e in stored.events] == [("received", True, NOW),
                                                                     ("acknowledged", True, NOW)]
        assert stored.events[1].outbox_message_id == ids[2]
        assert db.session.get(OutboxMessage, ids[2]).headers == {
            "Auto-Submitted": "auto-replied", "X-IEG-Reference": stored.reference}
        assert db.session.get(Customer, ids[1]).created_at is not None
        assert _count(CustomerAddress) == 1


def test_a_plain_submission_writes_the_same_rows_and_makes_no_orm_object(app, council):
    """The web form's way: records, not ORM objects, and the same rows as the ORM way."""
    with app.app_context():
        added = []
        event.listen(db.session(), "transient_to_pending", lambda session, instance: added.append(instance))
        event.listen(db.session(), "detached_to_persistent", lambda session, instance: added.append(instance))
        with _statements() as seen:
            customer, enquiry, created = _submit(address="1 High Street", plain=True)
        assert created and added == [] and len(db.session.identity_map) == 0 and not db.session.new
        assert not [sql for sql in seen if "customers" in sql.lower()]  # written through ieg.fast_rows alone
        assert (customer.name, customer.email, customer.postcode) == ("Jo Bloggs", "jo@example.com", "AS1 1AA")
        assert enquiry.customer is customer and enquiry.case_type.section.title == "About the council"
        assert references.is_valid(enquiry.reference) and enquiry.status == "open"
        assert (enquiry.contact_address, enquiry.contact_postcode) == ("1 High Street", "AS1 1AA")
        assert enquiry.response_due_at is not None and enquiry.received_month == "2026-03"
        ids = enquiry.id, customer.id
        db.session.commit()
        stored = db.session.get(Enquiry, ids[0])
        assert stored.reference == enquiry.reference and stored.customer_id == ids[1]
        assert stored.section_id == stored.case_type.section_id is not None
        assert stored.response_due_at == enquiry.response_due_at
        assert [(e.kind, e.public, e.at) for e in stored.events] == [("received", True, NOW),
                                                                     ("acknowledged", True, NOW)]
        message = stored.events[1].outbox_message
        assert message.to_address == "jo@example.com" and stored.reference in message.subject
        assert message.headers == {"Auto-Submitted": "auto-replied", "X-IEG-Reference": stored.reference}
        assert f"Your reference: {stored.reference}" in message.body_text
        assert [(a.address, a.postcode) for a in stored.customer.addresses] == [("1 High Street", "AS1 1AA")]


def _known_customer():
    """Jo, known by her name and email address alone, as committed: (the record, when it last changed)."""
    first, _, _ = _submit(key="k1", plain=True)
    db.session.commit()
    before = db.session.get(Customer, first.id).updated_at
    db.session.expunge_all()
    return first, before


@BOTH_WAYS
def test_staff_fill_in_what_a_returning_customers_record_lacks_never_overwriting(app, council, plain):
    with app.app_context():
        first, before = _known_customer()
        again, enquiry, _ = _submit(key="k2", address="1 High Street", phone="+44 1632 960000", plain=plain,
                                    fill_in=True)
        assert again.id == first.id and (again.phone, again.postcode) == ("01632960000", "AS1 1AA")
        assert enquiry.contact_postcode == "AS1 1AA"  # the address just learnt is the one it is about
        db.session.commit()
        db.session.expunge_all()
        stored = db.session.get(Customer, first.id)
        assert (stored.name, stored.phone, stored.address) == ("Jo Bloggs", "01632960000", "1 High Street")
        assert stored.updated_at > before  # its onupdate, as a flush would set it
        assert [a.postcode for a in stored.addresses] == ["AS1 1AA"]  # the first address opens its history
        _submit(key="k3", address="9 Other Road", plain=plain, fill_in=True)  # a move (G25), not a fill
        db.session.commit()
        db.session.expunge_all()
        assert db.session.get(Customer, first.id).address == "1 High Street" and _count(CustomerAddress) == 1


@BOTH_WAYS
def test_a_submission_never_changes_the_record_it_names_and_keeps_what_it_gave(app, council, plain):
    """Anyone can type someone else's email address into a form: what it brings stays on the enquiry."""
    with app.app_context():
        first, before = _known_customer()
        again, enquiry, _ = _submit(key="k2", address="1 High Street", phone="+44 1632 960000", plain=plain)
        assert again.id == first.id and (again.phone, again.address, again.postcode) == (None, "", None)
        assert enquiry.given_details == {"name": "Jo Bloggs", "email": "jo@example.com", "phone": "01632960000",
                                         "address": "1 High Street", "postcode": "AS1 1AA"}
        assert (enquiry.contact_address, enquiry.contact_postcode) == ("1 High Street", "AS1 1AA")
        enquiry_id = enquiry.id
        db.session.commit()
        db.session.expunge_all()
        stored = db.session.get(Customer, first.id)
        assert (stored.phone, stored.address, stored.postcode, stored.updated_at) == (None, "", None, before)
        assert _count(CustomerAddress) == 0
        assert db.session.get(Enquiry, enquiry_id).given_details["phone"] == "01632960000"


@BOTH_WAYS
def test_a_merged_customers_address_finds_the_record_it_lives_on(app, council, plain):
    with app.app_context():
        kept = insert_row(db.session, Customer, {"email": "kept@example.com", "name": "Jo"})
        middle = insert_row(db.session, Customer, {"email": "middle@example.com", "merged_into_id": kept.id})
        insert_row(db.session, Customer, {"email": "old@example.com", "merged_into_id": middle.id})
        db.session.commit()
        customer, enquiry, _ = _submit("old@example.com", plain=plain)
        assert customer.id == enquiry.customer_id == kept.id


def test_update_row_sets_its_values_and_the_instance_the_session_holds(app, council):
    with app.app_context():
        held = insert_row(db.session, Customer, {"email": "a@example.com", "name": "A"})
        stamped = held.updated_at
        rows.update_row(db.session, Customer, held.id, {"name": "B", "phone": "01632960000"})
        assert (held.name, held.phone) == ("B", "01632960000") and held.updated_at >= stamped
        assert not db.session.dirty  # loaded values: nothing for a flush to write again
        assert rows.find_dict(db.session, Customer, "id", held.id)["name"] == "B"
        assert rows.adopt(db.session, Customer, {"id": held.id}) is held  # the one it holds, no SQL


@BOTH_WAYS
def test_the_same_submission_twice_is_one_enquiry(app, council, plain):
    with app.app_context():
        _, first, _ = _submit(plain=plain)
        db.session.commit()
        _, again, created = _submit(plain=plain)
        assert not created and again.id == first.id and again.reference == first.reference
        assert (_count(Enquiry), _count(OutboxMessage)) == (1, 1)


@BOTH_WAYS
def test_a_rolled_back_submission_leaves_nothing(app, council, plain):
    with app.app_context():
        _submit(address="1 High Street", plain=plain)
        db.session.rollback()
        assert [_count(m) for m in (Customer, CustomerAddress, Enquiry, EnquiryEvent, OutboxMessage)] == [0] * 5


def test_each_transaction_writes_on_its_own_connection(app, council):
    """ieg.fast_rows asks the session for its connection once per transaction: after a commit or
    a rollback the next rows go in the new transaction, and roll back with it."""
    with app.app_context():
        kept = insert_row(db.session, Customer, {"email": "kept@example.com"}).id
        db.session.commit()
        assert db.session().get_transaction() is None
        insert_row(db.session, Customer, {"email": "dropped@example.com"})
        db.session.rollback()
        again = insert_row(db.session, Customer, {"email": "again@example.com"}).id
        with db.session.begin_nested():  # a SAVEPOINT: the same transaction, the same connection
            insert_row(db.session, Customer, {"email": "nested@example.com"})
        db.session.commit()
        emails = set(db.session.scalars(select(Customer.email).where(Customer.id >= kept)))
        assert emails == {"kept@example.com", "again@example.com", "nested@example.com"} and again > kept


@BOTH_WAYS
def test_a_reference_clash_draws_another(app, council, monkeypatch, plain):
    with app.app_context():
        _, first, _ = _submit("first@example.com", "k1", plain=plain)
        db.session.commit()
        taken = first.reference
        drawn = iter([taken, taken, "ENQ-7777-7777-C"])
        monkeypatch.setattr(references, "generate", lambda prefix="ENQ": next(drawn))
        customer, second, created = _submit("second@example.com", "k2", plain=plain)
        assert created and second.reference == "ENQ-7777-7777-C"
        db.session.commit()  # the same transaction went on: the customer written before the clash is kept
        assert db.session.scalars(select(Enquiry.reference).order_by(Enquiry.id)).all() == [taken, "ENQ-7777-7777-C"]
        assert (_count(Customer), _count(OutboxMessage)) == (2, 2)
        assert db.session.get(Customer, customer.id).email == "second@example.com"


def test_a_reference_source_that_only_clashes_fails_loudly(app, council, monkeypatch):
    with app.app_context():
        _, first, _ = _submit("first@example.com", "k1")
        db.session.commit()
        monkeypatch.setattr(references, "generate", lambda prefix="ENQ": first.reference)
        with pytest.raises(RuntimeError, match="references drawn in a row were all taken"):
            _submit("second@example.com", "k2")


def test_insert_row_takes_column_defaults_and_refuses_unknown_columns(app, council):
    with app.app_context():
        kind = insert_row(db.session, CaseType, {"slug": "s", "name": "S"})
        assert (kind.outcome_refs, kind.resolution_days, kind.active, kind.section_id) == ([], 10, True, None)
        with pytest.raises(TypeError, match="no column colour"):
            insert_row(db.session, CaseType, {"slug": "t", "name": "T", "colour": "red"})


@BOTH_WAYS
def test_submission_and_reference_clash_on_postgresql(pg_app, monkeypatch, plain):  # noqa: F811
    with pg_app.app_context():
        if not db.session.scalar(select(func.count()).select_from(CaseType)):
            make_section(db.session, "about-the-council", "About the council")  # the general enquiry's
            db.session.commit()
        db.session.execute(delete(Enquiry).where(Enquiry.reference == "ENQ-7777-7777-C"))  # the other way's run
        db.session.commit()
        way = "plain" if plain else "orm"
        _, first, _ = _submit(f"pg-first-{way}@example.com", f"pg1-{way}", plain=plain)
        db.session.commit()
        drawn = iter([first.reference, "ENQ-7777-7777-C"])
        monkeypatch.setattr(references, "generate", lambda prefix="ENQ": next(drawn))
        _, second, _ = _submit(f"pg-second-{way}@example.com", f"pg2-{way}", address="2 Low Road", plain=plain)
        db.session.commit()
        db.session.expunge_all()
        stored = db.session.scalar(select(Enquiry).where(Enquiry.reference == "ENQ-7777-7777-C"))
        assert [e.kind for e in stored.events] == ["received", "acknowledged"]
        assert stored.customer.email == f"pg-second-{way}@example.com" and stored.contact_postcode == "AS1 1AA"
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.subject.contains("ENQ-7777-7777-C"),
            OutboxMessage.to_address == f"pg-second-{way}@example.com")) == 1


def test_a_case_type_read_lately_is_reused_until_max_age(app, council, monkeypatch):
    from sqlalchemy import update

    from ieg import fast_rows as rows
    with app.app_context():
        kind = enquiries.case_type(db.session, "general-enquiry", "General enquiry", "about-the-council")
        db.session.commit()
        enquiries.case_type(db.session, "general-enquiry", "General enquiry")  # read, and kept: it committed
        db.session.commit()
        db.session.execute(update(CaseType).where(CaseType.id == kind.id).values(name="Renamed"))
        db.session.commit()
        db.session.expunge_all()
        again = enquiries.case_type(db.session, "general-enquiry", "General enquiry")
        assert again.name == "General enquiry" and again.section.slug == "about-the-council"
        again.outcome_refs.append("X1")  # an instance's own copy: the kept row is not changed
        db.session.expunge_all()
        later = rows.monotonic() + enquiries.CASE_TYPE_MAX_AGE
        monkeypatch.setattr(rows, "monotonic", lambda: later)
        fresh = enquiries.case_type(db.session, "general-enquiry", "General enquiry")
        assert fresh.name == "Renamed" and "X1" not in fresh.outcome_refs


def test_a_case_type_read_in_a_rolled_back_transaction_is_not_kept(app, council):
    with app.app_context():
        made_id = enquiries.case_type(db.session, "brand-new", "Brand new", "about-the-council").id
        assert enquiries.case_type(db.session, "brand-new", "Brand new").id == made_id  # read back, not committed
        db.session.rollback()
        other = CaseType(slug="other", name="Other")  # takes the key the rolled-back row had (SQLite)
        db.session.add(other)
        db.session.commit()
        assert other.id == made_id
        remade = enquiries.case_type(db.session, "brand-new", "Brand new", "about-the-council")
        db.session.commit()
        assert remade.id != other.id and db.session.get(CaseType, remade.id).slug == "brand-new"


def test_a_case_type_another_process_made_meanwhile_is_read_not_made_twice(app, council, monkeypatch):
    """Two workers taking the first enquiry of a new type both find none: the second insert
    writes nothing and the row the first made is used (it was once a 500)."""
    from sqlalchemy import insert

    from ieg import fast_rows as rows
    with app.app_context():
        with db.engine.begin() as other_process:
            other_process.execute(insert(CaseType).values(slug="brand-new", name="Brand new", outcome_refs=[]))
        made_id = db.session.scalar(select(CaseType.id).where(CaseType.slug == "brand-new"))
        real_find, missed = rows.find_dict, []

        def find(session, model, attribute, value, **kwargs):
            if model is CaseType and not missed:  # read before the other process committed
                missed.append(value)
                return None
            return real_find(session, model, attribute, value, **kwargs)
        monkeypatch.setattr(rows, "find_dict", find)
        kind = enquiries.case_type(db.session, "brand-new", "Brand new", "about-the-council")
        db.session.commit()
        assert missed == ["brand-new"] and kind.id == made_id
        assert db.session.scalar(select(func.count()).where(CaseType.slug == "brand-new")) == 1


def test_a_case_type_read_under_a_released_savepoint_waits_for_the_commit(app, council):
    with app.app_context():
        # a write first: pysqlite begins its transaction at the first write, not at a SAVEPOINT
        enquiries.find_or_create_customer(db.session, ContactDetails(email="first@example.com"))
        with db.session.begin_nested():
            made_id = enquiries.case_type(db.session, "brand-new", "Brand new").id
            enquiries.case_type(db.session, "brand-new", "Brand new")
        db.session.rollback()  # the SAVEPOINT was released, the transaction was not committed
        other = CaseType(slug="other", name="Other")
        db.session.add(other)
        db.session.commit()
        assert other.id == made_id
        remade = enquiries.case_type(db.session, "brand-new", "Brand new")
        assert remade.id != other.id


def test_a_case_type_not_yet_in_the_session_is_stored_with_the_enquiry(app, council):
    with app.app_context():
        kind = CaseType(slug="missed-bin", name="Missed bin collection")  # not added: the enquiry takes it in
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(email="jo@example.com"))
        enquiry, _ = enquiries.open_enquiry(db.session, channel="phone", customer=customer, case_type=kind,
                                            subject="Grey bin missed", description="", received_at=NOW, now=NOW)
        db.session.commit()
        assert enquiry.case_type_id == kind.id is not None
        assert db.session.get(CaseType, kind.id).slug == "missed-bin"


def test_a_plain_transaction_commits_or_rolls_back_and_gives_its_connection_back(app, council):
    with app.app_context():
        with rows.Transaction(db.engine) as session:  # a new customer with an address: its history too
            customer, enquiry, created = _submit("kept@example.com", "t1", address="1 High Street", plain=True,
                                                 session=session)
            assert created
            session.commit()
        with rows.Transaction(db.engine) as session:
            _submit("dropped@example.com", "t2", plain=True, session=session)  # left without a commit
        with pytest.raises(RuntimeError), rows.Transaction(db.engine) as session:
            _submit("failed@example.com", "t3", plain=True, session=session)
            raise RuntimeError("a crash mid-request")
        assert db.engine.pool.checkedout() == 0
        emails = set(db.session.scalars(select(Customer.email)))
        assert emails == {"kept@example.com"} and (_count(Enquiry), _count(OutboxMessage)) == (1, 1)
        stored = db.session.get(Enquiry, enquiry.id)
        assert stored.reference == enquiry.reference and [e.kind for e in stored.events] == ["received", "acknowledged"]
        assert [(a.address, a.postcode) for a in stored.customer.addresses] == [("1 High Street", "AS1 1AA")]


def test_each_submission_writes_on_the_connection_the_last_one_gave_back(app, council):
    """The pool hands out the connection given back last, so the submissions of a worker whose
    requests also read through the ORM session keep writing on one connection (its page cache
    stays good) rather than taking turns with the session's."""
    used = []
    with app.app_context():
        for n in range(3):
            db.session.execute(select(func.count(Customer.id)))  # the request's ORM session holds one
            with rows.Transaction(db.engine) as session:
                _submit(f"lifo{n}@example.com", f"l{n}", plain=True, session=session)
                session.commit()
                used.append(session.direct[0].dbapi_connection)
            db.session.remove()  # the request ends
        assert used[0] is used[1] is used[2]


def test_a_returning_customer_is_filled_in_on_postgresql(pg_app):  # noqa: F811
    """update_row on psycopg, whose cursor has no row to fetch after an UPDATE."""
    with pg_app.app_context():
        first = fast_intake._customer(db.session, ContactDetails(name="Pat", email="pg-fill@example.com"))
        again = enquiries.find_or_create_customer(db.session, ContactDetails(
            email="pg-fill@example.com", phone="01632 960999", address="3 Hill Road", postcode="as11aa"), fill_in=True)
        assert again.id == first.id and (again.phone, again.postcode) == ("01632960999", "AS1 1AA")
        db.session.commit()
        db.session.expunge_all()
        stored = db.session.get(Customer, first.id)
        assert (stored.name, stored.phone) == ("Pat", "01632960999")
        assert [a.postcode for a in stored.addresses] == ["AS1 1AA"]
