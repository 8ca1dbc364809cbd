"""The demo council's community directory (loaded on its own over the tests' demo people and a few
wards): 60 groups, 4 waiting for a check, stale ones at each step, logins that work."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from ieg.demo import directory as demo_directory
from ieg.directory import entries
from ieg.extensions import db
from ieg.models import CommunityGroup, GroupRevision, Ward
from ieg.models.directory import PENDING, PUBLISHED, REVISION_WAITING, UNPUBLISHED

from tests.conftest import sign_in
from tests.directory_support import MAILING

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
DOMAIN = "ashdown.example.gov.uk"


def test_demo_directory(app, demo, client):
    with app.app_context():
        s = db.session
        s.add_all([Ward(code=f"E0500010{i}", name=name) for i, name in enumerate(("Abbey", "Bridge", "Castle"))])
        s.flush()
        assert demo_directory.load(s, NOW, DOMAIN) == 60
        s.commit()
        assert demo_directory.load(s, NOW, DOMAIN) == 0  # idempotent
        count = lambda *where: s.scalar(select(func.count(CommunityGroup.id)).where(*where))  # noqa: E731
        assert count(CommunityGroup.status == PENDING) == 4
        assert count(CommunityGroup.status == UNPUBLISHED, CommunityGroup.stale_at.is_not(None)) == 2
        assert count(CommunityGroup.second_reminded_at.is_not(None), CommunityGroup.status == PUBLISHED) == 2
        assert count(CommunityGroup.reminded_at.is_not(None), CommunityGroup.second_reminded_at.is_(None)) == 3
        assert s.scalar(select(func.count(GroupRevision.id)).where(GroupRevision.state == REVISION_WAITING)) == 2
        # The stale steps are those the job would have taken: running it now sends nothing again.
        assert str(entries.run_staleness(s, NOW, MAILING)) == "reminded 0, reminded again 0, unpublished 0 stale entries"
        s.rollback()
    assert ">54 groups<" in client.get("/directory/").get_data(as_text=True)  # 60, less 4 pending and 2 stale
    landed = sign_in(client, f"{demo_directory.GROUP_EDITOR_EMAIL}@{DOMAIN}")
    assert landed.headers["Location"].endswith("/directory/manage/")
    assert client.get("/directory/manage/").get_data(as_text=True).count("/whats-on/manage/group/") == 6
    client = app.test_client()
    sign_in(client, f"{demo_directory.MODERATOR_EMAIL}@{DOMAIN}")
    queue = client.get("/directory/moderate/").get_data(as_text=True)
    assert "New groups waiting for a check (4)" in queue and "Changes to review (2)" in queue
    assert "Problems reported (1)" in queue
