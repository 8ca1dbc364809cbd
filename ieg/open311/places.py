"""Where an enquiry's problem is, for staff and back offices, wherever it came from: an
Open311 request's own location, or the location question of a web form."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import Enquiry, Open311Request, ReportLocation


@dataclass(frozen=True)
class Place:
    postcode: str = ""
    description: str = ""
    lat: float | None = None
    long: float | None = None
    easting: float | None = None
    northing: float | None = None

    def map_url(self, template: str) -> str:
        """The council's map service at this place: `template` with {lat} and {long} filled in
        ("" with no template or no position). Plain replacement: a setting is not code."""
        if not template or self.lat is None or self.long is None:
            return ""
        return template.replace("{lat}", f"{self.lat:.5f}").replace("{long}", f"{self.long:.5f}")

    def values(self) -> dict:
        return {"lat": self.lat, "long": self.long, "easting": self.easting, "northing": self.northing}


def of(session: Session, enquiry: Enquiry, request: Open311Request | None = None) -> Place | None:
    """The enquiry's place, or None when nothing says where (`request`: its Open311 request, if
    the caller has it already)."""
    request = request or session.scalar(select(Open311Request).where(Open311Request.enquiry_id == enquiry.id))
    if request is not None:
        return Place(description=request.address_string, lat=request.lat, long=request.long,
                     easting=request.easting, northing=request.northing)
    given = session.scalar(select(ReportLocation).where(ReportLocation.enquiry_id == enquiry.id))
    if given is None:
        return None
    return Place(postcode=given.postcode, description=given.description, lat=given.lat, long=given.long,
                 easting=given.easting, northing=given.northing)
