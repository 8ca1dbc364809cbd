"""Uploaded files kept in the database (ieg.files_store.DatabaseStore): the store every web
node reads when several share one PostgreSQL."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    # A path-like name the area chose: "enquiries/<random>", "pending/<client>-<random>".
    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
