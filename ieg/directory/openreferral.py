"""The directory as Open Referral UK (HSDS 3.0 with the UK profile) JSON: organisations, services,
taxonomies and their terms, built from published entries. Pure: no Flask, no database; it reads
the attributes of the objects it is given.

Each group is one organization and one service (what the group does). Identifiers must be UUIDs
that stay the same between requests: they are UUID5s of the council's directory address and the
row's id, so another council's or the NHS's copy can match records across downloads. Only public
fields appear: a contact detail the group keeps private is never in the output.
"""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

HSDS_VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"
COUNTRY = "GB"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50


@dataclass(frozen=True)
class Ids:
    """Stable identifiers for one council's directory."""
    base_url: str

    def of(self, kind: str, key) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.base_url.rstrip('/')}/directory/#{kind}:{key}"))


def paging(page: str | None, per_page: str | None) -> tuple[int, int]:
    """The page (from 1) and page size a request asks for; nonsense becomes the defaults."""
    def number(value, default):
        value = (value or "").strip()
        return int(value) if value.isdecimal() and 0 < int(value) < 10**6 else default
    return number(page, 1), min(number(per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE)


def page(contents: list, total: int, page_number: int, per_page: int) -> dict:
    """The standard's paginated list (its `Page` schema plus `contents`)."""
    pages = math.ceil(total / per_page) if total else 0
    return {"total_items": total, "total_pages": pages, "page_number": page_number, "size": len(contents),
            "first_page": page_number == 1, "last_page": page_number >= pages, "empty": not contents,
            "contents": contents}


def public_contact(group, field: str) -> str:
    """A contact detail if the group shows it publicly, else ""."""
    return (getattr(group, field) or "") if getattr(group, f"{field}_public") else ""


def organization(group, ids: Ids, page_url: str, description: str, *, services: list | None = None,
                 logo_url: str = "") -> dict:
    org_id = ids.of("organization", group.id)
    result = {
        "id": org_id, "name": group.name, "description": description,
        "email": public_contact(group, "email"), "website": group.website or "", "logo": logo_url, "uri": page_url,
        "parent_organization_id": None,
        "organization_identifiers": [{
            "id": ids.of("charity", group.id), "organization_id": org_id, "identifier_scheme": "GB-CHC",
            "identifier_type": "Registered charity number", "identifier": group.charity_number,
        }] if group.charity_number else [],
        "attributes": [],
    }
    if services is not None:
        result["services"] = services
    return result


def _address_lines(address: str) -> list[str]:
    return [line.strip().rstrip(",") for line in (address or "").splitlines() if line.strip()]


def location(venue, ids: Ids, region: str) -> dict:
    location_id = ids.of("location", venue.id)
    lines = _address_lines(venue.address)
    addresses = [{
        "id": ids.of("address", venue.id), "location_id": location_id, "attention": "",
        "address_1": lines[0] if lines else venue.name, "city": lines[-1] if len(lines) > 1 else "",
        "region": "", "state_province": region, "postal_code": venue.postcode or "", "country": COUNTRY,
        "address_type": "physical", "attributes": [],
    }] if lines or venue.postcode else []
    return {
        "id": location_id, "location_type": "physical", "name": venue.name or (lines[0] if lines else ""),
        "description": "", "latitude": None, "longitude": None, "external_identifier": "",
        "external_identifier_type": "", "addresses": addresses,
        "accessibility": [{
            "id": ids.of("accessibility", venue.id), "location_id": location_id, "description": venue.accessibility,
            "details": "", "url": "", "attributes": [],
        }] if venue.accessibility else [],
        "attributes": [],
    }


def service(group, ids: Ids, page_url: str, description: str, *, region: str, full: bool = True) -> dict:
    """A group's service: with `full`, nested as the standard's single-service response; without,
    the one-to-one fields its list gives (`service_list`)."""
    service_id = ids.of("service", group.id)
    result = {
        "id": service_id, "organization_id": ids.of("organization", group.id), "name": group.name,
        "description": description, "url": page_url, "email": public_contact(group, "email"), "status": "active",
        "fees": "", "accreditations": "", "minimum_age": None, "maximum_age": None, "assured_date": "",
        "assurer_email": "", "alert": "", "last_modified": group.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "organization": organization(group, ids, page_url, description),
    }
    if not full:
        return result
    contact_name = public_contact(group, "contact_name")
    result.update({
        "schedules": [{
            "id": ids.of("schedule", group.id), "service_id": service_id, "description": group.opening_times,
        }] if group.opening_times else [],
        "service_areas": [{
            "id": ids.of("service_area", f"{group.id}:{ward.id}"), "service_id": service_id, "name": ward.name,
            "extent": "", "extent_type": "", "uri": "", "service_area": ward.name,
        } for ward in group.wards],
        "service_at_locations": [{
            "id": ids.of("service_at_location", venue.id), "service_id": service_id,
            "location_id": ids.of("location", venue.id), "location": location(venue, ids, region),
        } for venue in group.venues],
        "languages": [], "funding": [], "cost_options": [],
        # The profile's contact has a name and title only (a phone number has nowhere to go).
        "contacts": [{
            "id": ids.of("contact", group.id), "service_id": service_id, "name": contact_name, "title": "",
            "attributes": [],
        }] if contact_name else [],
        "attributes": [{
            "id": ids.of("attribute", f"{group.id}:{category.id}"), "link_id": service_id,
            "link_type": "service", "taxonomy_term_id": ids.of("term", category.id),
            "taxonomy_term": taxonomy_term(category, ids),
        } for category in group.categories],
    })
    return result


def taxonomy(ids: Ids, name: str, base_url: str, *, terms: list | None = None) -> dict:
    result = {"id": ids.of("taxonomy", "categories"), "name": name,
              "description": "The categories of the council's community directory.",
              "uri": f"{base_url.rstrip('/')}/directory/", "version": "1"}
    if terms is not None:
        result["taxonomy_terms"] = terms
    return result


def taxonomy_term(category, ids: Ids) -> dict:
    return {"id": ids.of("term", category.id), "name": category.name,
            "description": category.description or category.name, "parent_id": None,
            "taxonomy": "Community directory categories", "taxonomy_id": ids.of("taxonomy", "categories"),
            "term_uri": "", "term": category.slug}


def about(base_url: str) -> dict:
    return {"version": HSDS_VERSION, "profile": PROFILE,
            "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"}
