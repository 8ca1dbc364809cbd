"""The demo's Open311 set-up: the problem reports residents make through FixMyStreet offered
as Open311 services, and a few reports that came in that way last week, taken in through the
API's own service (ieg.open311.requests) on their dates. No API key or webhook is made: keys
are shown once, so an administrator issues one at /admin/open311."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.casework import eform_definitions, enquiries
from ieg.config import Council
from ieg.models import Open311Service
from ieg.open311 import requests

# (service code, e-form, group, keywords)
SERVICES = (
    ("fly-tipping", "report-fly-tipping", "Street care", "rubbish, dumping, flytipping"),
    ("abandoned-vehicle", "report-abandoned-vehicle", "Street care", "car, van, abandoned"),
    ("graffiti", "report-graffiti", "Street care", "vandalism, tags, spray paint"),
)
# (days ago, service, where (lat, long) or an address, description, attributes)
REPORTS = (
    (6, "fly-tipping", (51.0951, 0.0342), "Mattress and bin bags dumped by the recycling bank",
     {"what": "A mattress and about six black bags"}),
    (4, "graffiti", "Underpass, Station Road, Ashdown", "Large tags on both walls of the underpass",
     {"offensive": "no"}),
    (2, "abandoned-vehicle", (51.0887, 0.0291), "Silver hatchback with flat tyres, not moved for weeks",
     {"vehicle": "Silver Vauxhall Corsa, no number plates", "how_long": "longer"}),
)


class _Given(dict):
    def getlist(self, name):
        value = self.get(name)
        return [] if value is None else [value]


def load(session: Session, council: Council, now: datetime, history) -> int:
    """Offer the services and queue the reports in the demo's history; 0 if already there."""
    if session.scalar(select(func.count()).select_from(Open311Service)):
        return 0
    for code, slug, group, keywords in SERVICES:
        form = eform_definitions.STANDARD_FORMS[slug]
        kind = enquiries.case_type(session, form.case_type, form.case_type_name, form.section, form.outcome_refs)
        session.add(Open311Service(case_type=kind, service_code=code, group=group, keywords=keywords,
                                   description=form.intro, form_slug=slug, active=True))
    session.flush()
    for days, code, where, description, attributes in REPORTS:
        at = (now - timedelta(days=days)).replace(hour=10, minute=days * 7, second=0, microsecond=0)
        given = {"service_code": code, "description": description, "deviceid": "FixMyStreet",
                 **{f"attribute[{name}]": value for name, value in attributes.items()}}
        if isinstance(where, tuple):
            given.update(lat=str(where[0]), long=str(where[1]))
        else:
            given["address_string"] = where
        history.once(at, lambda at=at, given=given: _report(session, council, at, given))
    return len(REPORTS)


def _report(session: Session, council: Council, at: datetime, given: dict) -> None:
    record = requests.submit(session, at, council, None, _Given(given))
    customer = record.enquiry.customer
    if customer.created_at > at:  # a record made for this report: made when it came in
        customer.created_at = customer.updated_at = at
