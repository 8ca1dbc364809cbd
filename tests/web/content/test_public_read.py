"""The public page view's own statement (ieg.database.DirectSelect) gives the rows
SQLAlchemy would give for it."""
from ieg.content import public_read
from ieg.extensions import db
from ieg.models import Attachment, LgslService
from ieg.timeutil import utcnow
from tests.conftest import add_page


def test_direct_select_rows_are_sqlalchemys(app, council):
    with app.app_context():
        db.session.add(LgslService(id=524, label="Household waste collection"))
        db.session.commit()
    page_id = add_page(app, "waste-and-recycling", "Bins & boxes", state="published", lgsl_ids=[524],
                       egms_coverage="Ashdown <north>")
    with app.app_context():
        for title, kind, published in (("Leaflet", "document", utcnow()), ("Photo", "image", utcnow()),
                                       ("Calendar", "document", utcnow()), ("Not yet public", "document", None)):
            db.session.add(Attachment(page_id=page_id, title=title, filename=f"{title}.pdf", kind=kind,
                                      stored_name=f"{title}-direct.pdf", content_type="application/pdf", size=10,
                                      published_at=published))
        db.session.commit()
        statement = public_read._PAGE_SUBJECTS_AND_DOCUMENTS
        with db.engine.connect() as connection:
            expected = [tuple(row) for row in connection.execute(statement.statement, {"page_id": page_id})]
        connection = db.engine.raw_connection()
        try:
            rows = statement.rows(connection, db.engine.dialect, page_id=page_id)
        finally:
            connection.close()
    assert rows == expected
    assert [row[0] for row in rows] == [0, 1, 2, 2]  # the page, a subject, the two public documents
    page = rows[0]
    assert page[2] == "Bins & boxes" and page[7:9] == ("Ashdown <north>", "")  # e-GMS fields of meta
    assert page[9].tzinfo is not None and page[10].tzinfo is not None  # UTCDateTime, as the model gives
    assert rows[1][1:3] == (524, "Household waste collection")
    assert [row[2] for row in rows[2:]] == ["Leaflet", "Calendar"]
