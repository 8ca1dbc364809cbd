"""Who may do what: the one place every permission is decided (docs/design.md 3.1).

Pure: no Flask, no database. `can()` reads from the user object `is_authenticated`,
`is_active`, `role_names` (a set of global roles), `section_roles(section_id)` (the
grants that user holds on one section) and, for casework, `id` and `casework_section_id`
(the service whose enquiries an officer works), so tests can pass plain objects and views
pass the logged-in User. Casework objects are plain too: an enquiry is anything with
`section_id`, `assigned_to_id` and `created_by_id`; a customer anything with `enquiries`,
a list of such (the enquiries on their record).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Global roles, held across the whole install.
ADMIN = "admin"
AUDITOR = "auditor"
CONTACT_AGENT = "contact_agent"
OFFICER = "officer"
COUNCILLOR = "councillor"
GROUP_EDITOR = "group_editor"
GLOBAL_ROLES = (ADMIN, AUDITOR, CONTACT_AGENT, OFFICER, COUNCILLOR, GROUP_EDITOR)

# Per-section grants. A publisher can do everything an author can.
AUTHOR = "author"
PUBLISHER = "publisher"
SECTION_ROLES = (AUTHOR, PUBLISHER)

ROLE_LABELS = {
    ADMIN: "Administrator",
    AUDITOR: "Auditor",
    CONTACT_AGENT: "Customer contact agent",
    OFFICER: "Service officer",
    COUNCILLOR: "Councillor",
    GROUP_EDITOR: "Community group editor",
    AUTHOR: "Author",
    PUBLISHER: "Publisher",
}

# Actions. Those marked "section" need the section as `obj`.
ACTIONS = {
    "account.view": "See and change your own account",
    "edit.dashboard": "Open the editing area",
    "section.edit": "Create, edit and submit pages in a section",
    "section.publish": "Approve, publish, unpublish and archive pages in a section",
    "staff.dashboard": "Open the casework area",
    "evidence.view": "Read the outcomes register and evidence",
    "evidence.export": "Export evidence packs and reports",
    "admin.dashboard": "Open the administration area",
    "section.manage": "Add and change sections",
    "user.manage": "Add users and change their roles and grants",
    "search.manage": "Change search synonyms and best bets",
    "forms.manage": "Create and change e-forms, and make them live",
    "reports.view": "Read the R28 and R29 reports and the enquiries behind them",
    "standards.manage": "Change the corporate calendar and the service standards",
    "evidence.manage": "Assess outcomes, add and remove evidence, set the BVPI 157 grid",
    "audit.view": "Read the audit log",
    "personal_data.view": "See customers' names, email addresses, phone numbers and addresses unmasked",
    "enquiry.view": "See an enquiry, its files and who it is from",
    "enquiry.change": "Reply to, note, assign, move and change the status of an enquiry",
    "customer.view": "See a customer's record",
    "customer.change": "Record a customer's change of address, update their record, merge records",
    "participation.targets": "Set the e-participation baselines and targets (E3)",
    "open311.manage": "Issue and revoke Open311 API keys, choose the services offered, set up back-office webhooks",
    "usage.view": "See website usage figures for every section",
    "usage.section": "See a section's website usage figures, page by page",
    "channels.manage": "Set channel take-up baselines and targets",
    "democracy.manage": "Prepare committees, meetings, agenda items and meeting documents (a grant on the democracy section)",
    "democracy.publish": "Publish agendas and documents, cancel meetings, add councillors and choose how their pages publish",
    "councillor.edit": "Change a councillor's public record and register of interests",
    "group.edit": "Change a community group's directory entry, events and vacancies",
    "event.manage": "Add, change, cancel and remove an event of a community group or a council section",
    "vacancy.manage": "Add, change and remove a vacancy of a community group or a council section",
    "whatson.dashboard": "Open the list of groups and sections whose events and vacancies you keep",
    "directory.groups": "Open the page of the community groups you keep",
    "directory.moderate": "Check new community groups' entries, review and roll back changes, deal with problems reported (a grant on the directory section)",
    "directory.review": "Mark a community group's change to its entry, an event or a vacancy reviewed, or roll it back (never on a group you edit yourself)",
}
SECTION_ACTIONS = frozenset({"section.edit", "section.publish"})
ENQUIRY_ACTIONS = frozenset({"enquiry.view", "enquiry.change"})
CUSTOMER_ACTIONS = frozenset({"customer.view", "customer.change"})
DEMOCRACY_ACTIONS = frozenset({"democracy.manage", "democracy.publish"})  # obj: the democracy section
COUNCILLOR_ACTIONS = frozenset({"councillor.edit"})  # obj: anything with `user_id` and `section_id`
USAGE_ACTIONS = frozenset({"usage.section"})  # obj: the section
GROUP_ACTIONS = frozenset({"group.edit"})  # obj: anything with `editor_ids`, the users who keep the group
# obj: an event or vacancy, with its owner: `group` (anything with `editor_ids`) or, when None, `section_id`
WHATSON_ACTIONS = frozenset({"event.manage", "vacancy.manage"})
DIRECTORY_ACTIONS = frozenset({"directory.moderate"})  # obj: the community directory's section
# obj: a group's change, as anything with `group` (anything with `editor_ids`) and `section_id`, the directory's section
REVIEW_ACTIONS = frozenset({"directory.review"})
OBJECT_ACTIONS = (SECTION_ACTIONS | ENQUIRY_ACTIONS | CUSTOMER_ACTIONS | DEMOCRACY_ACTIONS | COUNCILLOR_ACTIONS
                  | USAGE_ACTIONS | GROUP_ACTIONS | WHATSON_ACTIONS | DIRECTORY_ACTIONS
                  | REVIEW_ACTIONS)  # need the object they apply to


class Principal(Protocol):
    is_authenticated: bool
    is_active: bool

    @property
    def role_names(self) -> frozenset[str]: ...

    def section_roles(self, section_id: int) -> frozenset[str]: ...

    def has_any_grant(self) -> bool: ...


class UnknownAction(ValueError):
    pass


@dataclass(frozen=True)
class CaseworkScope:
    """The enquiries an officer works on: those in the services they are granted, those
    assigned to them and those they logged themselves."""
    user_id: int | None
    section_ids: frozenset[int]

    def covers(self, enquiry) -> bool:
        return enquiry.section_id in self.section_ids or (
            self.user_id is not None and self.user_id in (enquiry.assigned_to_id, enquiry.created_by_id))


NO_ENQUIRIES = CaseworkScope(None, frozenset())


def casework_scope(user: Principal | None, *, change: bool = False) -> CaseworkScope | None:
    """Which enquiries `user` may see (with `change`, act on): None for every one. Contact
    agents answer for every service, and administrators run the install; auditors read
    every enquiry (masked unless granted) but change none. An officer works in their own
    service. ieg.casework.visibility turns this into SQL for lists."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ENQUIRIES
    roles = user.role_names
    if roles & ({ADMIN, CONTACT_AGENT} if change else {ADMIN, CONTACT_AGENT, AUDITOR}):
        return None
    if OFFICER not in roles:
        return NO_ENQUIRIES
    section_id = getattr(user, "casework_section_id", None)
    return CaseworkScope(getattr(user, "id", None), frozenset() if section_id is None else frozenset({section_id}))


def can(user: Principal | None, action: str, obj=None) -> bool:
    """True if `user` may do `action` (to `obj`, a section, an enquiry or a customer, where
    the action needs one)."""
    if action not in ACTIONS:
        raise UnknownAction(action)
    if action in OBJECT_ACTIONS and obj is None:
        raise ValueError(f"{action} needs the {action.partition('.')[0]} it applies to")
    if user is None or not user.is_authenticated or not user.is_active:
        return False

    roles = user.role_names
    if action == "account.view":
        return True
    if ADMIN in roles:
        # Administrators run the install; they can act in every section.
        return True
    if action == "edit.dashboard":
        return user.has_any_grant()
    if action == "section.edit":
        return bool(user.section_roles(obj.id) & {AUTHOR, PUBLISHER})
    if action == "section.publish":
        return PUBLISHER in user.section_roles(obj.id)
    if action == "staff.dashboard":
        return bool(roles & {CONTACT_AGENT, OFFICER})
    if action in ("evidence.view", "evidence.export", "audit.view"):
        return AUDITOR in roles
    if action == "personal_data.view":
        # Casework staff need it to do the work; an auditor only with an administrator's
        # grant (docs/design.md 3.6), and otherwise sees it masked.
        return bool(roles & {CONTACT_AGENT, OFFICER}) or (
            AUDITOR in roles and bool(getattr(user, "sees_personal_data", False)))
    if action == "reports.view":
        # Staff watch their own performance; auditors check it.
        return bool(roles & {CONTACT_AGENT, OFFICER, AUDITOR})
    if action in ENQUIRY_ACTIONS:
        change = action == "enquiry.change"
        if not roles & ({CONTACT_AGENT, OFFICER} if change else {CONTACT_AGENT, OFFICER, AUDITOR}):
            return False
        scope = casework_scope(user, change=change)
        return scope is None or scope.covers(obj)
    if action in CUSTOMER_ACTIONS:
        # A customer's record is casework staff's; an officer reaches it only through an
        # enquiry they may act on, so a service sees the people it deals with, no others.
        if not roles & {CONTACT_AGENT, OFFICER}:
            return False
        scope = casework_scope(user, change=True)
        return scope is None or any(scope.covers(enquiry) for enquiry in obj.enquiries)
    if action == "usage.view":
        return AUDITOR in roles
    if action == "usage.section":
        # A section's editors watch their own pages' use; auditors check every section's.
        return AUDITOR in roles or bool(user.section_roles(obj.id) & {AUTHOR, PUBLISHER})
    if action == "democracy.manage":
        return bool(user.section_roles(obj.id) & {AUTHOR, PUBLISHER})
    if action == "democracy.publish":
        return PUBLISHER in user.section_roles(obj.id)
    if action == "councillor.edit":
        # The councillor themself, or whoever publishes their pages (democratic services keep
        # the record for a councillor who prefers that).
        own = COUNCILLOR in roles and obj.user_id is not None and getattr(user, "id", None) == obj.user_id
        return own or (obj.section_id is not None and PUBLISHER in user.section_roles(obj.section_id))
    if action == "group.edit":
        # A group editor keeps only the groups they were made an editor of.
        return GROUP_EDITOR in roles and getattr(user, "id", None) in obj.editor_ids
    if action == "whatson.dashboard":
        return GROUP_EDITOR in roles or user.has_any_grant()
    if action in WHATSON_ACTIONS:
        # A group's events and vacancies are kept by its editors, the council's by the section's authors.
        if obj.group is not None:
            return can(user, "group.edit", obj.group)
        return bool(user.section_roles(obj.section_id) & {AUTHOR, PUBLISHER})
    if action == "directory.groups":
        return GROUP_EDITOR in roles
    if action == "directory.moderate":
        # The directory's moderators are the publishers of its section.
        return PUBLISHER in user.section_roles(obj.id)
    if action == "directory.review":
        # A moderator who also edits a group leaves its changes to another moderator: nobody
        # reviews their own group's work.
        return PUBLISHER in user.section_roles(obj.section_id) and getattr(user, "id", None) not in obj.group.editor_ids
    # admin.dashboard, section.manage, user.manage, search.manage, forms.manage, standards.manage,
    # evidence.manage, participation.targets: administrators only.
    return False


def landing_endpoint(user: Principal) -> str:
    """Where a user lands after signing in: the first area their role opens."""
    for action, endpoint in (
        ("admin.dashboard", "admin.dashboard"),
        ("edit.dashboard", "edit.dashboard"),
        ("staff.dashboard", "staff.dashboard"),
        ("evidence.view", "evidence.dashboard"),
        ("directory.groups", "directory.mine"),
    ):
        if can(user, action):
            return endpoint
    return "account.view"
