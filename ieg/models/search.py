"""Site search: the change log the nodes' indexes follow, the council's vocabulary, and what people searched for."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow


class SearchChange(db.Model):
    """One entry of the ordered change log every node's index follows: something whose
    search documents must be rewritten, written in the same transaction as the change (so
    no commit can lose it). Each node keeps its own position in the log; entries every
    node has passed are pruned (ieg.search.changelog)."""

    __tablename__ = "search_changes"
    # AUTOINCREMENT on SQLite: an id is never handed out twice, even after the newest
    # entries are pruned, so a node's position always means the same entries.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(120))  # e.g. "page:12", "page:section=3"
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SearchNode(db.Model):
    """A web node's own index and how far it has followed the change log: for the lag
    reported per node and for pruning what every node has passed."""

    __tablename__ = "search_nodes"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # every entry up to here is in its index
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SearchLogPruned(db.Model):
    """How far the change log has been pruned (one row): a node whose position is older
    had entries deleted before it read them, so it rebuilds its index."""

    __tablename__ = "search_changes_pruned"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    through: Mapped[int] = mapped_column(Integer, default=0)
    pruned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchSynonym(db.Model):
    """Words residents use for the same thing: "bin, refuse, rubbish, waste collection"."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[str] = mapped_column(Text)  # comma-separated, as the administrator typed them
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SearchBestBet(db.Model):
    """A query pinned to a page: searching for it shows that page first."""

    __tablename__ = "search_best_bets"
    __table_args__ = (UniqueConstraint("query", "page_id", name="uq_search_best_bets_query_page"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(String(200), index=True)  # normalised
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    page: Mapped["Page"] = relationship()  # noqa: F821


class SearchLogEntry(db.Model):
    """One search as typed (normalised, personal details redacted), what it found and
    whether a result was followed. No IP address, cookie or user is stored."""

    __tablename__ = "search_log"
    __table_args__ = (Index("ix_search_log_query_at", "query", "searched_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(String(200))
    results: Mapped[int] = mapped_column(Integer)
    # The section of the first result: whose content the search was about.
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"), index=True)
    searched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    clicked_key: Mapped[str | None] = mapped_column(String(80))
    clicked_rank: Mapped[int | None] = mapped_column(Integer)
    clicked_section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
