"""All models, imported here so Alembic and the app see the whole schema."""
from ieg.models.content import Section
from ieg.models.people import LoginAttempt, SectionGrant, User, UserRole

__all__ = ["LoginAttempt", "Section", "SectionGrant", "User", "UserRole"]
