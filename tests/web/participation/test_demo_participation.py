"""The demo's consultations and subscribers, as the demo council with all its content has them."""
import shutil

from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import Consultation, ConsultationResponse, Subscriber


def test_the_demo_has_a_concluded_cpz_an_open_and_an_upcoming_consultation(app_factory, database, content_site):
    shutil.copy(content_site / "ieg.sqlite3", database)
    shutil.copytree(content_site / "search", database.parent / "search")  # content_site is shared
    app = app_factory(SEARCH_INDEX_PATH=str(database.parent / "search"))
    with app.app_context():
        found = {c.slug: c for c in db.session.scalars(select(Consultation))}
        cpz = found["town-centre-controlled-parking-zone"]
        assert cpz.status == "concluded" and cpz.outcome_page.live_revision_id is not None
        assert db.session.scalar(select(func.count()).select_from(ConsultationResponse).where(
            ConsultationResponse.consultation_id == cpz.id)) == 400
        assert found["mill-lane-traffic-calming"].status == "open"
        assert found["electric-vehicle-charging-points"].status == "upcoming"
        assert db.session.scalar(select(func.count()).select_from(Subscriber)) == 300
        from ieg import demo
        again = demo.load(db.session)
        assert again["consultations"] == 0  # idempotent
    client = app.test_client()
    page = client.get("/consultations/town-centre-controlled-parking-zone").get_data(as_text=True)
    assert "We asked, you said, we did" in page and page.count('class="ieg-chart"') == 3
    assert "Demo Respondent" in page  # named by their consent
    listing = client.get("/consultations/").get_data(as_text=True)
    for title in ("Town centre controlled parking zone", "Mill Lane traffic calming", "Electric vehicle charging points"):
        assert title in listing
