"""The council's case types as Open311 services: which are open to the API, their groups and
keywords, and their attributes, which are the questions of the e-form that reports them
(docs/design.md 3.11). Services taking a session; the caller commits."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ieg import audit
from ieg.casework import eform_definitions
from ieg.casework.eform_definitions import Field, FormDefinition
from ieg.input_errors import InputErrors
from ieg.models import CaseType, Open311Service
from ieg.text import single_line

# An e-form question's kind as an Open311 attribute's datatype. Contact details, the place
# and photos are the request's own parameters, not attributes.
DATATYPES = {"text": "string", "textarea": "text", "email": "string", "phone": "string", "postcode": "string",
             "radios": "singlevaluelist", "pcn": "string", "date": "datetime"}
CONTACT_FIELDS = ("name", "email", "phone")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class ServiceError(InputErrors):
    pass


@dataclass(frozen=True)
class Attribute:
    code: str
    description: str
    datatype: str
    required: bool
    order: int
    values: tuple[tuple[str, str], ...] = ()
    max_length: int = 500

    def as_open311(self) -> dict:
        return {"variable": True, "code": self.code, "datatype": self.datatype, "required": self.required,
                "datatype_description": "", "order": self.order, "description": self.description,
                "values": [{"key": key, "name": name} for key, name in self.values]}


def attributes_of(form: FormDefinition | None) -> list[Attribute]:
    """The e-form's questions as attributes (pure)."""
    if form is None:
        return []
    found = []
    for f in form.fields:
        if f.name in CONTACT_FIELDS or f.name == form.location_field or f.kind not in DATATYPES:
            continue
        found.append(_attribute(f, len(found) + 1))
    return found


def _attribute(f: Field, order: int) -> Attribute:
    return Attribute(code=f.name, description=f.label, datatype=DATATYPES[f.kind], required=f.required, order=order,
                     values=f.options, max_length=f.max_length)


def offered(session: Session) -> list[Open311Service]:
    """The services open to the API, by group then name."""
    rows = session.scalars(select(Open311Service).join(CaseType).options(joinedload(Open311Service.case_type))
                           .where(Open311Service.active.is_(True), CaseType.active.is_(True))).all()
    return sorted(rows, key=lambda s: (s.group.lower(), s.case_type.name.lower()))


def find(session: Session, code: str) -> Open311Service | None:
    service = session.scalar(select(Open311Service)
                             .options(joinedload(Open311Service.case_type).joinedload(CaseType.section))
                             .where(Open311Service.service_code == code))
    if service is None or not service.active or not service.case_type.active:
        return None
    return service


@dataclass(frozen=True)
class Offered:
    """What taking a request in needs of its service, as a process keeps it for a moment."""
    id: int
    code: str
    form_slug: str
    case_type_slug: str
    case_type_name: str


# Every request looks its service up: a process reuses what it read for this long, so an
# administrator's change (a service withdrawn) shows within it everywhere.
LOOKUP_MAX_AGE = 2.0  # seconds
_looked_up: dict[tuple[str, str], tuple[float, Offered | None]] = {}


def lookup(session: Session, code: str, clock=time.monotonic) -> Offered | None:
    """The service open to the API with this code, or None (read at most every LOOKUP_MAX_AGE)."""
    key, now = (str(session.get_bind().url), code), clock()
    held = _looked_up.get(key)
    if held is not None and now - held[0] < LOOKUP_MAX_AGE:
        return held[1]
    row = session.execute(select(Open311Service.id, Open311Service.service_code, Open311Service.form_slug,
                                 CaseType.slug, CaseType.name).join(CaseType)
                          .where(Open311Service.service_code == code, Open311Service.active.is_(True),
                                 CaseType.active.is_(True))).first()
    found = Offered(*row) if row else None
    if len(_looked_up) > 1000:
        _looked_up.clear()
    _looked_up[key] = (now, found)
    return found


def form_of(session: Session, service: Open311Service | Offered) -> FormDefinition | None:
    return eform_definitions.definition(session, service.form_slug) if service.form_slug else None


def metadata(service: Open311Service, form: FormDefinition | None) -> dict:
    """The service as GET services lists it."""
    return {"service_code": service.service_code, "service_name": service.case_type.name,
            "description": service.description, "metadata": bool(attributes_of(form)), "type": "realtime",
            "keywords": service.keywords, "group": service.group}


def definition(service: Open311Service, form: FormDefinition | None) -> dict:
    return {"service_code": service.service_code,
            "attributes": [attribute.as_open311() for attribute in attributes_of(form)]}


def every(session: Session) -> list[Open311Service]:
    """Every service set up, open or not, for administrators."""
    return session.scalars(select(Open311Service).options(joinedload(Open311Service.case_type))
                           .order_by(Open311Service.service_code)).all()


def configure(session: Session, actor, now: datetime, case_type: CaseType | None, *, code: str, group: str = "",
              keywords: str = "", description: str = "", form_slug: str = "", active: bool = True) -> Open311Service:
    """Open a case type to the API as a service (or change how it is offered); audited."""
    errors = {}
    code = code.strip()
    if case_type is None:
        errors["case_type"] = "Choose the case type to offer"
    if not _CODE.match(code):
        errors["code"] = "Enter a service code of letters, digits, dots, hyphens or underscores (at most 80)"
    elif session.scalar(select(Open311Service.id).where(Open311Service.service_code == code,
                                                        Open311Service.case_type_id != getattr(case_type, "id", 0))):
        errors["code"] = "Another service already has this code"
    form_slug = form_slug.strip()
    if form_slug and eform_definitions.definition(session, form_slug) is None:
        errors["form_slug"] = "Choose a form that exists, or none"
    if errors:
        raise ServiceError(errors)
    service = session.scalar(select(Open311Service).where(Open311Service.case_type_id == case_type.id))
    if service is None:
        service = Open311Service(case_type=case_type)
        session.add(service)
    service.service_code, service.group, service.form_slug = code, single_line(group)[:200], form_slug
    service.keywords = ", ".join(k.strip() for k in single_line(keywords).split(",") if k.strip())[:500]
    service.description, service.active = single_line(description)[:2000], active
    session.flush()
    audit.record(session, actor, "open311.service", f"service:{code}",
                 {"case_type": case_type.slug, "group": service.group, "form": form_slug, "active": active}, now)
    return service
