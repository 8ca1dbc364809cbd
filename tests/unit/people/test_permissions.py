"""Every role x every action x every section, against a table written by hand.

The table is the specification: it is not derived from the code under test, and a
new action fails test_table_covers_every_action until someone decides who may do it.
"""
from dataclasses import dataclass, field

import pytest

from ieg.people.permissions import (ACTIONS, COUNCILLOR_ACTIONS, CUSTOMER_ACTIONS, DEMOCRACY_ACTIONS, DIRECTORY_ACTIONS,
                                    ENQUIRY_ACTIONS, GROUP_ACTIONS, SECTION_ACTIONS, USAGE_ACTIONS, WHATSON_ACTIONS,
                                    REVIEW_ACTIONS, UnknownAction, can, landing_endpoint)


@dataclass(frozen=True)
class Section:
    id: int


WASTE, PLANNING, ROADS = Section(1), Section(2), Section(3)
SECTIONS = {"waste": WASTE, "planning": PLANNING}
# Local democracy: the democracy section (democratic services' grant) and two councillors' own sections.
DEMOCRACY, CLLR_A, CLLR_B = Section(4), Section(5), Section(6)
SECTIONS.update({"democracy": DEMOCRACY, "cllr_a": CLLR_A, "cllr_b": CLLR_B})
# The community directory's section (its publishers moderate), kept apart from SECTIONS.
DIRECTORY = Section(7)
DIRECTORY_SECTIONS = {"directory": DIRECTORY, "waste": WASTE}


@dataclass
class Person:
    roles: frozenset = frozenset()
    grants: dict = field(default_factory=dict)  # section id -> set of roles
    is_authenticated: bool = True
    is_active: bool = True
    sees_personal_data: bool = False
    id: int | None = None
    casework_section_id: int | None = None  # the service whose enquiries an officer works

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
    "officer": Person(roles=frozenset({"officer"}), id=20, casework_section_id=WASTE.id),  # Waste's officer
    "roads_officer": Person(roles=frozenset({"officer"}), id=21, casework_section_id=ROADS.id),
    "officer_assigned": Person(roles=frozenset({"officer"}), id=22, casework_section_id=PLANNING.id),
    "officer_who_logged": Person(roles=frozenset({"officer"}), id=23, casework_section_id=PLANNING.id),
    "officer_without_service": Person(roles=frozenset({"officer"}), id=24),
    "inactive_officer": Person(roles=frozenset({"officer"}), id=25, casework_section_id=WASTE.id, is_active=False),
    "waste_author_and_officer": Person(roles=frozenset({"officer"}), grants={WASTE.id: {"author"}}, id=26,
                                       casework_section_id=PLANNING.id),
    "councillor": Person(roles=frozenset({"councillor"})),
    "group_editor": Person(roles=frozenset({"group_editor"})),
    "auditor": Person(roles=frozenset({"auditor"})),
    "auditor_with_grant": Person(roles=frozenset({"auditor"}), sees_personal_data=True),
    # Councillor A's changes wait for democratic services (author); B's publish at once (publisher).
    "councillor_a": Person(roles=frozenset({"councillor"}), id=30, grants={CLLR_A.id: {"author"}}),
    "councillor_b": Person(roles=frozenset({"councillor"}), id=31, grants={CLLR_B.id: {"publisher"}}),
    "dem_services": Person(grants={DEMOCRACY.id: {"publisher"}, CLLR_A.id: {"publisher"}, CLLR_B.id: {"publisher"}}),
    "dem_author": Person(grants={DEMOCRACY.id: {"author"}}),
    # Councillor A's user id, but no longer holding the councillor role.
    "former_councillor_a": Person(id=30),
    # The community directory: editors of group A (two of them) and of group B; one of A's editors
    # whose group_editor role was taken away.
    "group_a_editor": Person(roles=frozenset({"group_editor"}), id=40),
    "group_a_second_editor": Person(roles=frozenset({"group_editor"}), id=41),
    "group_b_editor": Person(roles=frozenset({"group_editor"}), id=42),
    "former_group_a_editor": Person(id=43),
    # The directory's moderators publish its section; an author of it is no moderator.
    "directory_moderator": Person(grants={DIRECTORY.id: {"publisher"}}, id=44),
    "directory_author": Person(grants={DIRECTORY.id: {"author"}}, id=45),
    # A moderator who is also one of group A's editors.
    "moderator_editing_group_a": Person(roles=frozenset({"group_editor"}), grants={DIRECTORY.id: {"publisher"}}, id=46),
}
SIGNED_IN = set(PEOPLE) - {"anonymous", "inactive_admin", "inactive_officer"}
OFFICERS = {"officer", "roads_officer", "officer_assigned", "officer_who_logged", "officer_without_service",
            "waste_author_and_officer"}


@dataclass(frozen=True)
class Enquiry:
    section_id: int | None
    assigned_to_id: int | None = None
    created_by_id: int | None = None


@dataclass(frozen=True)
class Customer:
    enquiries: tuple = ()


IN_WASTE = Enquiry(WASTE.id)
# In Roads' queue, assigned to a Planning officer and logged by another: each of them works on it.
IN_ROADS = Enquiry(ROADS.id, assigned_to_id=22, created_by_id=23)
IN_NO_SERVICE = Enquiry(None)
ENQUIRIES = {"in_waste": IN_WASTE, "in_roads": IN_ROADS, "in_no_service": IN_NO_SERVICE}
CUSTOMERS = {"waste_customer": Customer((IN_WASTE,)), "roads_customer": Customer((IN_ROADS,)),
             "customer_of_both": Customer((IN_ROADS, IN_WASTE)), "customer_of_none": Customer(())}


@dataclass(frozen=True)
class CouncillorRecord:
    user_id: int | None
    section_id: int | None


COUNCILLORS = {"record_a": CouncillorRecord(30, CLLR_A.id), "record_b": CouncillorRecord(31, CLLR_B.id),
               "record_kept_by_officers": CouncillorRecord(None, CLLR_A.id)}


@dataclass(frozen=True)
class Group:
    editor_ids: frozenset


GROUPS = {"group_a": Group(frozenset({40, 41, 43, 46})), "group_b": Group(frozenset({42})),
          "group_without_editors": Group(frozenset())}


@dataclass(frozen=True)
class Listing:
    """An event or a vacancy: a group's, or (group None) a section's."""
    group: Group | None
    section_id: int | None = None


LISTINGS = {"of_group_a": Listing(GROUPS["group_a"]), "of_group_b": Listing(GROUPS["group_b"]),
            "of_waste": Listing(None, WASTE.id), "of_planning": Listing(None, PLANNING.id)}
# A group's change waiting for a moderator (of its entry, an event or a vacancy), as the views give it.
CHANGES = {"change_of_group_a": Listing(GROUPS["group_a"], DIRECTORY.id),
           "change_of_group_b": Listing(GROUPS["group_b"], DIRECTORY.id)}
OBJECTS = {**SECTIONS, **ENQUIRIES, **CUSTOMERS, **COUNCILLORS, **GROUPS, **LISTINGS, **DIRECTORY_SECTIONS, **CHANGES}

# action -> who may (for section actions: action -> section -> who may)
ALLOWED = {
    "account.view": SIGNED_IN,
    "edit.dashboard": {"admin", "waste_author", "waste_publisher", "planning_author", "planning_publisher",
                       "waste_author_and_officer", "councillor_a", "councillor_b", "dem_services", "dem_author"},
    "section.edit": {
        "waste": {"admin", "waste_author", "waste_publisher", "waste_author_and_officer"},
        "planning": {"admin", "planning_author", "planning_publisher"},
        "democracy": {"admin", "dem_services", "dem_author"},
        # A councillor edits their own pages, never another's.
        "cllr_a": {"admin", "councillor_a", "dem_services"},
        "cllr_b": {"admin", "councillor_b", "dem_services"},
    },
    "section.publish": {
        "waste": {"admin", "waste_publisher"},
        "planning": {"admin", "planning_publisher"},
        "democracy": {"admin", "dem_services"},
        "cllr_a": {"admin", "dem_services"},
        "cllr_b": {"admin", "councillor_b", "dem_services"},
    },
    "democracy.manage": {
        "waste": {"admin", "waste_author", "waste_publisher", "waste_author_and_officer"},
        "planning": {"admin", "planning_author", "planning_publisher"},
        "democracy": {"admin", "dem_services", "dem_author"},
        "cllr_a": {"admin", "councillor_a", "dem_services"},
        "cllr_b": {"admin", "councillor_b", "dem_services"},
    },
    "democracy.publish": {
        "waste": {"admin", "waste_publisher"},
        "planning": {"admin", "planning_publisher"},
        "democracy": {"admin", "dem_services"},
        "cllr_a": {"admin", "dem_services"},
        "cllr_b": {"admin", "councillor_b", "dem_services"},
    },
    "councillor.edit": {
        "record_a": {"admin", "councillor_a", "dem_services"},
        "record_b": {"admin", "councillor_b", "dem_services"},
        "record_kept_by_officers": {"admin", "dem_services"},
    },
    "staff.dashboard": {"admin", "contact_agent", *OFFICERS},
    "evidence.view": {"admin", "auditor", "auditor_with_grant"},
    "evidence.export": {"admin", "auditor", "auditor_with_grant"},
    "audit.view": {"admin", "auditor", "auditor_with_grant"},
    "evidence.manage": {"admin"},
    "personal_data.view": {"admin", "contact_agent", *OFFICERS, "auditor_with_grant"},
    "admin.dashboard": {"admin"},
    "section.manage": {"admin"},
    "user.manage": {"admin"},
    "search.manage": {"admin"},
    "forms.manage": {"admin"},
    "reports.view": {"admin", "contact_agent", *OFFICERS, "auditor", "auditor_with_grant"},
    "standards.manage": {"admin"},
    "participation.targets": {"admin"},
    "open311.manage": {"admin"},
    # Casework: contact agents answer for every service; an officer works in their own service's
    # queue and on what is assigned to them or they logged; auditors read enquiries, never change them.
    "enquiry.view": {
        "in_waste": {"admin", "contact_agent", "officer", "auditor", "auditor_with_grant"},
        "in_roads": {"admin", "contact_agent", "roads_officer", "officer_assigned", "officer_who_logged",
                     "auditor", "auditor_with_grant"},
        "in_no_service": {"admin", "contact_agent", "auditor", "auditor_with_grant"},
    },
    "enquiry.change": {
        "in_waste": {"admin", "contact_agent", "officer"},
        "in_roads": {"admin", "contact_agent", "roads_officer", "officer_assigned", "officer_who_logged"},
        "in_no_service": {"admin", "contact_agent"},
    },
    # A customer is an officer's through an enquiry that officer works on.
    "customer.view": {
        "waste_customer": {"admin", "contact_agent", "officer"},
        "roads_customer": {"admin", "contact_agent", "roads_officer", "officer_assigned", "officer_who_logged"},
        "customer_of_both": {"admin", "contact_agent", "officer", "roads_officer", "officer_assigned",
                             "officer_who_logged"},
        "customer_of_none": {"admin", "contact_agent"},
    },
}
ALLOWED["customer.change"] = ALLOWED["customer.view"]
# Website usage: editors see their own sections' figures, auditors and administrators every section's.
ALLOWED["usage.view"] = {"admin", "auditor", "auditor_with_grant"}
ALLOWED["usage.section"] = {
    "waste": {"admin", "waste_author", "waste_publisher", "waste_author_and_officer", "auditor", "auditor_with_grant"},
    "planning": {"admin", "planning_author", "planning_publisher", "auditor", "auditor_with_grant"},
    # Democratic services and councillors edit these sections, so they read their pages' use too.
    "democracy": {"admin", "dem_services", "dem_author", "auditor", "auditor_with_grant"},
    "cllr_a": {"admin", "councillor_a", "dem_services", "auditor", "auditor_with_grant"},
    "cllr_b": {"admin", "councillor_b", "dem_services", "auditor", "auditor_with_grant"},
}
ALLOWED["channels.manage"] = {"admin"}
# A group editor keeps their own group's entry, events and vacancies, never another group's.
ALLOWED["group.edit"] = {"group_a": {"admin", "group_a_editor", "group_a_second_editor", "moderator_editing_group_a"},
                         "group_b": {"admin", "group_b_editor"}, "group_without_editors": {"admin"}}
ALLOWED["edit.dashboard"] = ALLOWED["edit.dashboard"] | {"directory_moderator", "directory_author",
                                                         "moderator_editing_group_a"}
# A group's events and vacancies: its own editors (never another group's); the council's: the section's authors.
ALLOWED["event.manage"] = {"of_group_a": {"admin", "group_a_editor", "group_a_second_editor",
                                          "moderator_editing_group_a"},
                           "of_group_b": {"admin", "group_b_editor"},
                           "of_waste": {"admin", "waste_author", "waste_publisher", "waste_author_and_officer"},
                           "of_planning": {"admin", "planning_author", "planning_publisher"}}
ALLOWED["vacancy.manage"] = ALLOWED["event.manage"]
# Group editors (whichever group) and anyone who edits a section keep some events and vacancies.
ALLOWED["whatson.dashboard"] = ALLOWED["edit.dashboard"] | {"group_editor", "group_a_editor", "group_a_second_editor",
                                                            "group_b_editor"}
ALLOWED["directory.groups"] = {"admin", "group_editor", "group_a_editor", "group_a_second_editor", "group_b_editor",
                               "moderator_editing_group_a"}
# Like democracy.manage, the action is about the section given (views pass the directory's own).
ALLOWED["directory.moderate"] = {"directory": {"admin", "directory_moderator", "moderator_editing_group_a"},
                                 "waste": {"admin", "waste_publisher"}}
# Moderators decide on groups' changes, never on a group they edit themselves; no group editor does.
ALLOWED["directory.review"] = {"change_of_group_a": {"admin", "directory_moderator"},
                               "change_of_group_b": {"admin", "directory_moderator", "moderator_editing_group_a"}}
OBJECTS_OF = {**{action: SECTIONS for action in SECTION_ACTIONS | DEMOCRACY_ACTIONS | USAGE_ACTIONS},
              **{action: COUNCILLORS for action in COUNCILLOR_ACTIONS},
              **{action: GROUPS for action in GROUP_ACTIONS},
              **{action: LISTINGS for action in WHATSON_ACTIONS},
              **{action: DIRECTORY_SECTIONS for action in DIRECTORY_ACTIONS},
              **{action: CHANGES for action in REVIEW_ACTIONS},
              **{action: ENQUIRIES for action in ENQUIRY_ACTIONS},
              **{action: CUSTOMERS for action in CUSTOMER_ACTIONS}}


def cases():
    for action in ACTIONS:
        for person in PEOPLE:
            if action in OBJECTS_OF:
                for name in OBJECTS_OF[action]:
                    yield action, person, name
            else:
                yield action, person, None


def test_table_covers_every_action():
    assert set(ALLOWED) == set(ACTIONS)


@pytest.mark.parametrize("action,person,obj", list(cases()))
def test_permission(action, person, obj):
    if obj is None:
        expected = person in ALLOWED[action]
        assert can(PEOPLE[person], action) is expected
    else:
        expected = person in ALLOWED[action][obj]
        assert can(PEOPLE[person], action, OBJECTS[obj]) is expected


def test_unknown_action_is_an_error_not_a_no():
    with pytest.raises(UnknownAction):
        can(PEOPLE["admin"], "page.frobnicate")


def test_section_action_without_section_is_an_error():
    with pytest.raises(ValueError):
        can(PEOPLE["waste_author"], "section.edit")


@pytest.mark.parametrize("action", sorted(ENQUIRY_ACTIONS | CUSTOMER_ACTIONS))
def test_casework_action_without_its_object_is_an_error_not_a_yes(action):
    with pytest.raises(ValueError):
        can(PEOPLE["contact_agent"], action)


def test_an_officer_who_is_also_an_auditor_changes_only_their_own_services_enquiries():
    both = Person(roles=frozenset({"officer", "auditor"}), id=30, casework_section_id=WASTE.id)
    assert can(both, "enquiry.view", IN_ROADS)  # an auditor reads every enquiry
    assert not can(both, "enquiry.change", IN_ROADS) and can(both, "enquiry.change", IN_WASTE)
    assert not can(both, "customer.view", CUSTOMERS["roads_customer"])


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
    ("group_editor", "directory.mine"),
    ("group_a_editor", "directory.mine"),
    ("directory_moderator", "edit.dashboard"),
])
def test_landing_page_by_role(person, endpoint):
    assert landing_endpoint(PEOPLE[person]) == endpoint
