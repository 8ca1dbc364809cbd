"""Every role x every action x every section, against a table written by hand.

The table is the specification: it is not derived from the code under test, and a
new action fails test_table_covers_every_action until someone decides who may do it.
"""
from dataclasses import dataclass, field

import pytest

from ieg.people.permissions import ACTIONS, SECTION_ACTIONS, UnknownAction, can, landing_endpoint


@dataclass(frozen=True)
class Section:
    id: int


WASTE, PLANNING = Section(1), Section(2)
SECTIONS = {"waste": WASTE, "planning": PLANNING}


@dataclass
class Person:
    roles: frozenset = frozenset()
    grants: dict = field(default_factory=dict)  # section id -> set of roles
    is_authenticated: bool = True
    is_active: bool = True
    sees_personal_data: bool = False

    @property
    def role_names(self):
        return self.roles

    def section_roles(self, section_id):
        return frozenset(self.grants.get(section_id, ()))

    def has_any_grant(self):
        return any(self.grants.values())


PEOPLE = {
    "anonymous": Person(is_authenticated=False),
    "admin": Person(roles=frozenset({"admin"})),
    "inactive_admin": Person(roles=frozenset({"admin"}), is_active=False),
    "waste_author": Person(grants={WASTE.id: {"author"}}),
    "waste_publisher": Person(grants={WASTE.id: {"publisher"}}),
    "planning_author": Person(grants={PLANNING.id: {"author"}}),
    "planning_publisher": Person(grants={PLANNING.id: {"publisher"}}),
    "contact_agent": Person(roles=frozenset({"contact_agent"})),
    "officer": Person(roles=frozenset({"officer"})),
    "councillor": Person(roles=frozenset({"councillor"})),
    "group_editor": Person(roles=frozenset({"group_editor"})),
    "auditor": Person(roles=frozenset({"auditor"})),
    "auditor_with_grant": Person(roles=frozenset({"auditor"}), sees_personal_data=True),
}
SIGNED_IN = set(PEOPLE) - {"anonymous", "inactive_admin"}

# action -> who may (for section actions: action -> section -> who may)
ALLOWED = {
    "account.view": SIGNED_IN,
    "edit.dashboard": {"admin", "waste_author", "waste_publisher", "planning_author", "planning_publisher"},
    "section.edit": {
        "waste": {"admin", "waste_author", "waste_publisher"},
        "planning": {"admin", "planning_author", "planning_publisher"},
    },
    "section.publish": {
        "waste": {"admin", "waste_publisher"},
        "planning": {"admin", "planning_publisher"},
    },
    "staff.dashboard": {"admin", "contact_agent", "officer"},
    "evidence.view": {"admin", "auditor", "auditor_with_grant"},
    "evidence.export": {"admin", "auditor", "auditor_with_grant"},
    "audit.view": {"admin", "auditor", "auditor_with_grant"},
    "evidence.manage": {"admin"},
    "personal_data.view": {"admin", "contact_agent", "officer", "auditor_with_grant"},
    "admin.dashboard": {"admin"},
    "section.manage": {"admin"},
    "user.manage": {"admin"},
    "search.manage": {"admin"},
    "forms.manage": {"admin"},
    "reports.view": {"admin", "contact_agent", "officer", "auditor", "auditor_with_grant"},
    "standards.manage": {"admin"},
}


def cases():
    for action in ACTIONS:
        for person in PEOPLE:
            if action in SECTION_ACTIONS:
                for section in SECTIONS:
                    yield action, person, section
            else:
                yield action, person, None


def test_table_covers_every_action():
    assert set(ALLOWED) == set(ACTIONS)


@pytest.mark.parametrize("action,person,section", list(cases()))
def test_permission(action, person, section):
    if section is None:
        expected = person in ALLOWED[action]
        assert can(PEOPLE[person], action) is expected
    else:
        expected = person in ALLOWED[action][section]
        assert can(PEOPLE[person], action, SECTIONS[section]) is expected


def test_unknown_action_is_an_error_not_a_no():
    with pytest.raises(UnknownAction):
        can(PEOPLE["admin"], "page.frobnicate")


def test_section_action_without_section_is_an_error():
    with pytest.raises(ValueError):
        can(PEOPLE["waste_author"], "section.edit")


def test_none_user_may_do_nothing():
    assert not can(None, "account.view")


@pytest.mark.parametrize("person,endpoint", [
    ("admin", "admin.dashboard"),
    ("waste_author", "edit.dashboard"),
    ("planning_publisher", "edit.dashboard"),
    ("contact_agent", "staff.dashboard"),
    ("officer", "staff.dashboard"),
    ("auditor", "evidence.dashboard"),
    ("councillor", "account.view"),
    ("group_editor", "account.view"),
])
def test_landing_page_by_role(person, endpoint):
    assert landing_endpoint(PEOPLE[person]) == endpoint
