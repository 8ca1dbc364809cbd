"""People: users, their global roles, their per-section grants, sign-in attempts."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

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
    # Part of the session identity: rotating it signs the user out everywhere
    # (password change, deactivation).
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The service whose casework queue this person works (officers); separate from web
    # editing grants, since the people who answer enquiries are not always the editors.
    casework_section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    # Auditors see casework with personal data masked unless an administrator grants this
    # (DESIGN.md 3.5); granting and withdrawing it is audited.
    sees_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    casework_section: Mapped["Section | None"] = relationship(foreign_keys=[casework_section_id])  # noqa: F821

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")
    grants: Mapped[list["SectionGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

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
