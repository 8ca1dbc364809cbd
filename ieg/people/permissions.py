"""Who may do what: the one place every permission is decided (DESIGN.md 3.1).

Pure: no Flask, no database. `can()` reads three things from the user object:
`is_authenticated`, `is_active`, `role_names` (a set of global roles) and
`section_roles(section_id)` (the grants that user holds on one section), so tests
can pass plain objects and views pass the logged-in User.
"""
from __future__ import annotations

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
}
SECTION_ACTIONS = frozenset({"section.edit", "section.publish"})


class Principal(Protocol):
    is_authenticated: bool
    is_active: bool

    @property
    def role_names(self) -> frozenset[str]: ...

    def section_roles(self, section_id: int) -> frozenset[str]: ...

    def has_any_grant(self) -> bool: ...


class UnknownAction(ValueError):
    pass


def can(user: Principal | None, action: str, obj=None) -> bool:
    """True if `user` may do `action` (to `obj`, a section, where the action needs one)."""
    if action not in ACTIONS:
        raise UnknownAction(action)
    if action in SECTION_ACTIONS and obj is None:
        raise ValueError(f"{action} needs the section it applies to")
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
        # grant (DESIGN.md 3.5), and otherwise sees it masked.
        return bool(roles & {CONTACT_AGENT, OFFICER}) or (
            AUDITOR in roles and bool(getattr(user, "sees_personal_data", False)))
    if action == "reports.view":
        # Staff watch their own performance; auditors check it.
        return bool(roles & {CONTACT_AGENT, OFFICER, AUDITOR})
    # admin.dashboard, section.manage, user.manage, search.manage, forms.manage, standards.manage,
    # evidence.manage: administrators only.
    return False


def landing_endpoint(user: Principal) -> str:
    """Where a user lands after signing in: the first area their role opens."""
    for action, endpoint in (
        ("admin.dashboard", "admin.dashboard"),
        ("edit.dashboard", "edit.dashboard"),
        ("staff.dashboard", "staff.dashboard"),
        ("evidence.view", "evidence.dashboard"),
    ):
        if can(user, action):
            return endpoint
    return "account.view"
