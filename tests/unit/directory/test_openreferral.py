"""The Open Referral UK output checked field by field against the standard's published structure: the
UK profile of HSDS 3.0 (github.com/openreferral/uk-profile: schema/compiled/service.json,
service_list.json, organization.json and openapi.json's Page). Each object may hold only the profile's
fields, must hold its required ones, and each value has the type (and format or enum) the profile
gives. The structure is written out here by hand from those files."""
import re
from datetime import datetime
from types import SimpleNamespace

from ieg.directory import openreferral

STRING, NUMBER, ARRAY, OBJECT, BOOLEAN, INTEGER = str, (int, float), list, dict, bool, int
UUID, URI, EMAIL, DATETIME = "uuid", "uri", "email", "date-time"

# name: (type, format or enum, required)
PAGE = {"total_items": (INTEGER, None, True), "total_pages": (INTEGER, None, True), "page_number": (INTEGER, None, True),
        "size": (INTEGER, None, True), "first_page": (BOOLEAN, None, True), "last_page": (BOOLEAN, None, True),
        "empty": (BOOLEAN, None, True), "contents": (ARRAY, None, True)}
ORGANIZATION = {"id": (STRING, UUID, True), "name": (STRING, None, True), "description": (STRING, None, True),
                "email": (STRING, EMAIL, False), "website": (STRING, URI, False), "logo": (STRING, None, False),
                "uri": (STRING, URI, False), "parent_organization_id": (STRING, UUID, False),
                "organization_identifiers": (ARRAY, None, False), "attributes": (ARRAY, None, False),
                "services": (ARRAY, None, False)}
ORGANIZATION_IDENTIFIER = {"id": (STRING, UUID, True), "organization_id": (STRING, UUID, False),
                           "identifier_scheme": (STRING, None, False), "identifier_type": (STRING, None, True),
                           "identifier": (STRING, None, True), "attributes": (ARRAY, None, False)}
SERVICE_LIST = {"id": (STRING, UUID, True), "organization_id": (STRING, UUID, False), "name": (STRING, None, True),
                "description": (STRING, None, False), "url": (STRING, URI, False), "email": (STRING, EMAIL, False),
                "status": (STRING, ("active", "inactive", "defunct", "temporarily closed"), True),
                "fees": (STRING, None, False), "accreditations": (STRING, None, False),
                "minimum_age": (NUMBER, None, False), "maximum_age": (NUMBER, None, False),
                "assured_date": (STRING, None, False), "assurer_email": (STRING, EMAIL, False),
                "alert": (STRING, None, False), "last_modified": (STRING, DATETIME, False),
                "organization": (OBJECT, None, False)}
SERVICE = {**SERVICE_LIST, **{name: (ARRAY, None, False) for name in (
    "schedules", "service_areas", "service_at_locations", "languages", "funding", "cost_options", "contacts",
    "attributes")}}
SCHEDULE = {name: (STRING, None, False) for name in (
    "valid_from", "valid_to", "dtstart", "freq", "byday", "bymonthday", "description", "opens_at", "closes_at",
    "attending_type", "notes")}
SCHEDULE.update({"id": (STRING, UUID, True), "service_id": (STRING, UUID, False),
                 "service_at_location_id": (STRING, UUID, False), "interval": (NUMBER, None, False),
                 "schedule_link": (STRING, URI, False)})
SERVICE_AREA = {"id": (STRING, UUID, True), "service_id": (STRING, UUID, False), "name": (STRING, None, False),
                "extent": (STRING, None, False), "extent_type": (STRING, None, False), "uri": (STRING, None, False),
                "service_area": (STRING, None, False)}
SERVICE_AT_LOCATION = {"id": (STRING, UUID, True), "service_id": (STRING, UUID, False),
                       "location_id": (STRING, UUID, False), "location": (OBJECT, None, False)}
LOCATION = {"id": (STRING, UUID, True), "location_type": (STRING, ("physical", "postal", "virtual"), True),
            "name": (STRING, None, False), "description": (STRING, None, False), "latitude": (NUMBER, None, False),
            "longitude": (NUMBER, None, False), "external_identifier": (STRING, None, False),
            "external_identifier_type": (STRING, None, False), "addresses": (ARRAY, None, False),
            "accessibility": (ARRAY, None, False), "attributes": (ARRAY, None, False)}
ADDRESS = {"id": (STRING, UUID, True), "location_id": (STRING, UUID, False), "attention": (STRING, None, False),
           "address_1": (STRING, None, True), "city": (STRING, None, True), "region": (STRING, None, False),
           "state_province": (STRING, None, True), "postal_code": (STRING, None, True),
           "country": (STRING, None, True), "address_type": (STRING, ("physical", "postal", "virtual"), True),
           "attributes": (ARRAY, None, False)}
ACCESSIBILITY = {"id": (STRING, UUID, True), "location_id": (STRING, UUID, False), "description": (STRING, None, False),
                 "details": (STRING, None, False), "url": (STRING, URI, False), "attributes": (ARRAY, None, False),
                 "accessibility": (STRING, None, False)}
CONTACT = {"id": (STRING, UUID, True), "service_id": (STRING, UUID, False), "name": (STRING, None, False),
           "title": (STRING, None, False), "attributes": (ARRAY, None, False)}
ATTRIBUTE = {"id": (STRING, UUID, True), "link_id": (STRING, UUID, False), "taxonomy_term_id": (STRING, UUID, False),
             "link_type": (STRING, None, False), "taxonomy_term": (OBJECT, None, False)}
TAXONOMY_TERM = {"id": (STRING, UUID, True), "name": (STRING, None, True), "description": (STRING, None, True),
                 "parent_id": (STRING, UUID, False), "taxonomy": (STRING, None, False),
                 "taxonomy_id": (STRING, UUID, False), "term_uri": (STRING, URI, False), "term": (STRING, None, False)}
TAXONOMY = {"id": (STRING, UUID, True), "name": (STRING, None, True), "description": (STRING, None, True),
            "uri": (STRING, URI, False), "version": (STRING, None, False), "taxonomy_terms": (ARRAY, None, False)}


def check(value: dict, structure: dict, where: str) -> None:
    extra = set(value) - set(structure)
    assert not extra, f"{where}: fields the profile does not have: {sorted(extra)}"
    for name, (kind, rule, required) in structure.items():
        if required:
            assert value.get(name) not in (None, ""), f"{where}.{name} is required"
        if name not in value or value[name] is None or (value[name] == "" and not required):
            continue  # absent, null or empty where optional
        item = value[name]
        assert isinstance(item, kind) and (kind is BOOLEAN or not isinstance(item, bool)), \
            f"{where}.{name}: {item!r} is not {kind}"
        if rule == UUID:
            assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", item), \
                f"{where}.{name}: {item!r} is not a UUID"
        elif rule == URI:
            assert re.match(r"^https?://[^\s]+$", item), f"{where}.{name}: {item!r} is not a URI"
        elif rule == EMAIL:
            assert re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", item), f"{where}.{name}: {item!r} is not an email"
        elif rule == DATETIME:
            datetime.strptime(item, "%Y-%m-%dT%H:%M:%SZ")
        elif isinstance(rule, tuple):
            assert item in rule, f"{where}.{name}: {item!r} not one of {rule}"


IDS = openreferral.Ids("https://council.example")
SPORT = SimpleNamespace(id=3, slug="sport", name="Sport and leisure", description="Clubs and classes")
ABBEY = SimpleNamespace(id=7, name="Abbey")
HALL = SimpleNamespace(id=11, name="Hilltop Hall", address="1 High Street\nTownley", postcode="TS1 1AA",
                       accessibility="Step-free entrance")
GROUP = SimpleNamespace(
    id=5, name="Hilltop Walking Club", summary="Weekly walks", updated_at=datetime(2026, 11, 2, 10, 0),
    email="walks@example.org", email_public=True, phone="0113 496 0123", phone_public=True,
    contact_name="Pat Smith", contact_name_public=True, website="https://walks.example.org", charity_number="1123456",
    opening_times="Saturdays 10am", categories=[SPORT], wards=[ABBEY], venues=[HALL])
URL = "https://council.example/directory/hilltop-walking-club"


def test_a_full_service_has_only_the_profiles_fields_with_their_types():
    service = openreferral.service(GROUP, IDS, URL, "Weekly walks", region="England", full=True)
    check(service, SERVICE, "service")
    check(service["organization"], ORGANIZATION, "service.organization")
    for identifier in service["organization"]["organization_identifiers"]:
        check(identifier, ORGANIZATION_IDENTIFIER, "organization_identifier")
    (schedule,) = service["schedules"]
    check(schedule, SCHEDULE, "schedule")
    (area,) = service["service_areas"]
    check(area, SERVICE_AREA, "service_area")
    (at,) = service["service_at_locations"]
    check(at, SERVICE_AT_LOCATION, "service_at_location")
    check(at["location"], LOCATION, "location")
    (address,) = at["location"]["addresses"]
    check(address, ADDRESS, "address")
    (access,) = at["location"]["accessibility"]
    check(access, ACCESSIBILITY, "accessibility")
    (contact,) = service["contacts"]
    check(contact, CONTACT, "contact")
    (attribute,) = service["attributes"]
    check(attribute, ATTRIBUTE, "attribute")
    check(attribute["taxonomy_term"], TAXONOMY_TERM, "taxonomy_term")
    # The values themselves, where they come from the entry.
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "1 High Street", "Townley", "TS1 1AA", "GB")
    assert area["name"] == "Abbey" and contact["name"] == "Pat Smith" and access["description"] == "Step-free entrance"
    assert service["organization"]["organization_identifiers"][0]["identifier"] == "1123456"
    assert service["last_modified"] == "2026-11-02T10:00:00Z" and service["url"] == URL


def test_the_list_form_and_a_page_of_it():
    listed = openreferral.service(GROUP, IDS, URL, "Weekly walks", region="England", full=False)
    check(listed, SERVICE_LIST, "service_list")
    page = openreferral.page([listed], total=3, page_number=2, per_page=1)
    check(page, PAGE, "page")
    assert (page["total_pages"], page["first_page"], page["last_page"], page["empty"]) == (3, False, False, False)
    assert openreferral.page([], 0, 1, 50) == {"total_items": 0, "total_pages": 0, "page_number": 1, "size": 0,
                                               "first_page": True, "last_page": True, "empty": True, "contents": []}
    assert openreferral.paging("2", "500") == (2, 100) and openreferral.paging("x", "-1") == (1, 50)


def test_an_organization_taxonomy_and_term():
    listed = openreferral.service(GROUP, IDS, URL, "Weekly walks", region="England", full=False)
    check(openreferral.organization(GROUP, IDS, URL, "Weekly walks", services=[listed]), ORGANIZATION, "organization")
    term = openreferral.taxonomy_term(SPORT, IDS)
    check(term, TAXONOMY_TERM, "taxonomy_term")
    check(openreferral.taxonomy(IDS, "Community directory categories", "https://council.example", terms=[term]),
          TAXONOMY, "taxonomy")


def test_private_contact_details_never_appear_and_identifiers_are_stable():
    private = SimpleNamespace(**{**vars(GROUP), "email_public": False, "contact_name_public": False})
    service = openreferral.service(private, IDS, URL, "Weekly walks", region="England", full=True)
    text = repr(service)
    assert "walks@example.org" not in text and "Pat Smith" not in text and "0113 496 0123" not in text
    assert service["email"] == "" and service["contacts"] == []
    again = openreferral.service(GROUP, IDS, URL, "Weekly walks", region="England", full=True)
    assert again["id"] == service["id"] == IDS.of("service", 5)
    assert openreferral.Ids("https://other.example").of("service", 5) != service["id"]  # another council's


def test_the_check_itself_refuses_what_the_profile_does_not_allow():
    import pytest
    good = openreferral.taxonomy_term(SPORT, IDS)
    for bad in ({**good, "code": "sport"}, {**good, "name": ""}, {**good, "id": "5"}, {**good, "term_uri": "x y"}):
        with pytest.raises(AssertionError):
            check(bad, TAXONOMY_TERM, "taxonomy_term")
    with pytest.raises(AssertionError):
        check({**openreferral.page([], 0, 1, 50), "empty": "no"}, PAGE, "page")
