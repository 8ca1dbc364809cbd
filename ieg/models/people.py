"""People: users, their global roles, their per-section grants, sign-in attempts."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ieg.contact_details import normalise_email
from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.people.permissions import GLOBAL_ROLES, SECTION_ROLES
from ieg.timeutil import utcnow

# scrypt: Werkzeug's default and a current memory-hard algorithm (OWASP-recommended).
PASSWORD_METHOD = "scrypt"


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Two-factor sign-in with an authenticator app (TOTP, RFC 6238): the shared secret in
    # base32 (None: not set up), when it was set up, and the last time step accepted, so that
    # a code works once even within its 30 seconds.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # A secret being set up: it replaces totp_secret once a code from the app proves it.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The service whose casework queue this person works (officers); separate from web
    # editing grants, since the people who answer enquiries are not always the editors.
    casework_section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    # Auditors see casework with personal data masked unless an administrator grants this
    # (docs/design.md 3.6); granting and withdrawing it is audited.
    sees_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    casework_section: Mapped["Section | None"] = relationship(foreign_keys=[casework_section_id])  # noqa: F821

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")
    grants: Mapped[list["SectionGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @staticmethod
    def normalise_email(email: str) -> str:
        return normalise_email(email) or ""

    def set_password(self, password: str) -> None:
        """The hash only: ending the user's sessions is the caller's (ieg.people.sessions)."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    @property
    def two_factor(self) -> bool:
        return self.totp_secret is not None

    # Principal protocol (ieg.people.permissions)
    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)

    def section_roles(self, section_id: int) -> frozenset[str]:
        return frozenset(g.role for g in self.grants if g.section_id == section_id)

    def has_any_grant(self) -> bool:
        return bool(self.grants)

    def add_role(self, role: str) -> None:
        if role not in self.role_names:
            self.roles.append(UserRole(role=role))

    def grant(self, section, role: str) -> None:
        if role not in self.section_roles(section.id):
            self.grants.append(SectionGrant(section=section, role=role))


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(f"role IN {_in(GLOBAL_ROLES)}", name="known_role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    user: Mapped[User] = relationship(back_populates="roles")


class SectionGrant(db.Model):
    __tablename__ = "section_grants"
    __table_args__ = (CheckConstraint(f"role IN {_in(SECTION_ROLES)}", name="known_role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    user: Mapped[User] = relationship(back_populates="grants")
    section: Mapped["Section"] = relationship(back_populates="grants")  # noqa: F821


class LoginAttempt(db.Model):
    """One sign-in attempt, for throttling across processes.

    Keyed by keyed hashes of the email typed and the client address, so the table
    holds no addresses or IPs, and unknown emails are throttled exactly like real ones.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_key_at", "email_key", "attempted_at"),
        Index("ix_login_attempts_ip_key_at", "ip_key", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64))
    ip_key: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserSession(db.Model):
    """A signed-in session, held on the server: the browser's cookie carries a random token
    whose hash is kept here. Signing out deletes the row, so a copy of the cookie made before
    opens nothing; deactivation, a change of roles or grants and a new password delete every
    row of that user (ieg.people.sessions)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Which browser, so that a person can tell their sessions apart on their account page.
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class PasswordReset(db.Model):
    """A password-reset link sent by email: single use, short-lived; the link carries a
    random token whose hash is kept here."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(db.Model):
    """One of the codes that stand in for the authenticator app when it is lost: each works
    once. Only a hash is kept; the person saw the codes once, when they set the app up."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(100))  # "salt:sha256", both hex
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInPolicy(db.Model):
    """The council's sign-in rules, one row: the global roles whose holders must use
    two-factor sign-in (an administrator sets them; the first migration requires it of
    administrators)."""

    __tablename__ = "sign_in_policy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    two_factor_roles: Mapped[list] = mapped_column(JSON, default=list)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
