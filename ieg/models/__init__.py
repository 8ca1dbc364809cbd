"""All models, imported here so Alembic and the app see the whole schema."""
from ieg.models.content import (AzAlias, DeepLink, LgslService, Page, PageEditing, PageEvent, PageFeedback,
                                PageRedirect, PageRevision, PageService, Section)
from ieg.models.people import LoginAttempt, SectionGrant, User, UserRole

__all__ = ["AzAlias", "DeepLink", "LgslService", "LoginAttempt", "Page", "PageEditing", "PageEvent",
           "PageFeedback", "PageRedirect", "PageRevision", "PageService", "Section", "SectionGrant", "User",
           "UserRole"]
