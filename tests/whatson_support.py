"""What's on tests' shared setup: two categories, two wards, a published group with its editor,
another group with its own, and a Libraries author, at a fixed `NOW` (a Monday in March 2027)."""
from dataclasses import dataclass
from datetime import datetime, timezone

from ieg.models import CommunityGroup, DirectoryCategory, GroupEditor, Section, User, Ward
from ieg.models.directory import PUBLISHED

from tests.factories import DOMAIN, make_section, make_user

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=timezone.utc)


@dataclass
class Setup:
    sport: DirectoryCategory
    arts: DirectoryCategory
    abbey: Ward
    castle: Ward
    group: CommunityGroup
    other_group: CommunityGroup
    editor: User
    other_editor: User
    libraries: Section
    librarian: User


def build(session, *, prefix: str = "") -> Setup:
    sport = DirectoryCategory(slug="sport", name="Sport and leisure", position=1)
    arts = DirectoryCategory(slug="arts", name="Arts and culture", position=2)
    abbey = Ward(code="E05000101", name="Abbey")
    castle = Ward(code="E05000102", name="Castle")
    group = CommunityGroup(slug="riverside-runners", name="Riverside Runners", status=PUBLISHED,
                           summary="A friendly running club", categories=[sport], wards=[abbey])
    other = CommunityGroup(slug="castle-choir", name="Castle Choir", status=PUBLISHED, summary="We sing",
                           categories=[arts], wards=[castle])
    session.add_all([sport, arts, abbey, castle, group, other])
    session.flush()
    editor = make_user(session, f"{prefix}rita.runner@{DOMAIN}", name="Rita Runner", roles=("group_editor",))
    other_editor = make_user(session, f"{prefix}sam.singer@{DOMAIN}", name="Sam Singer", roles=("group_editor",))
    session.add_all([GroupEditor(group=group, user_id=editor.id), GroupEditor(group=other, user_id=other_editor.id)])
    libraries = make_section(session, "libraries", "Libraries")
    librarian = make_user(session, f"{prefix}lib.author@{DOMAIN}", grants=(("libraries", "author"),))
    session.flush()
    return Setup(sport, arts, abbey, castle, group, other, editor, other_editor, libraries, librarian)
