"""Set-up shared by the Open311 tests: case types offered as services, an API key."""
from __future__ import annotations

from datetime import datetime, timezone

from ieg.casework import enquiries
from ieg.models import Open311Service
from ieg.open311 import keys
from tests.factories import make_section, make_user

NOW = datetime(2026, 11, 17, 10, 0, tzinfo=timezone.utc)  # a Tuesday


def offer(session, *, code: str = "graffiti", form_slug: str = "report-graffiti", case_type: str = "graffiti",
          name: str = "Graffiti report", section: str = "roads-and-transport", group: str = "Street care",
          keywords: str = "graffiti, vandalism") -> Open311Service:
    if section:
        make_section(session, section)
    kind = enquiries.case_type(session, case_type, name, section)
    service = Open311Service(case_type=kind, service_code=code, group=group, keywords=keywords,
                             description=f"Report {name.lower()}", form_slug=form_slug, active=True)
    session.add(service)
    session.flush()
    return service


def api_key(session, client: str = "FixMyStreet") -> str:
    admin = make_user(session, f"admin-{client.lower().replace(' ', '')}@staff.example.gov.uk", roles=("admin",))
    return keys.issue(session, admin, NOW, client)[1]
