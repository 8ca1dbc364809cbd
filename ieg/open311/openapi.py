"""The OpenAPI 3.0 document of the Open311 API, published at /open311/v2/openapi.json. Pure."""
from __future__ import annotations

from ieg.open311.formats import EXTENDED_STATUSES


def _param(name: str, where: str = "query", required: bool = False, description: str = "", **schema) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": {"type": "string", **schema}}


_FMT = _param("fmt", "path", True, "xml or json", enum=["xml", "json"])
_JURISDICTION = _param("jurisdiction_id", description="Accepted from every client; checked when the council sets one")
_KEY = _param("api_key", description="The client's API key (also accepted in the body)")
_ERRORS = {"description": "Errors in the standard's format",
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}},
                       "text/xml": {"schema": {"type": "string"}}}}


def _ok(schema: str) -> dict:
    return {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}},
                                             "text/xml": {"schema": {"type": "string"}}}}


def _get(summary: str, schema: str, *params) -> dict:
    return {"get": {"summary": summary, "parameters": [_FMT, _JURISDICTION, *params],
                    "responses": {"200": _ok(schema), "400": _ERRORS, "403": _ERRORS, "404": _ERRORS}}}


_REQUEST_FIELDS = {
    "api_key": {"type": "string"}, "jurisdiction_id": {"type": "string"},
    "service_code": {"type": "string"}, "lat": {"type": "number"}, "long": {"type": "number"},
    "address_string": {"type": "string"}, "address_id": {"type": "string"}, "email": {"type": "string"},
    "device_id": {"type": "string"}, "deviceid": {"type": "string"}, "account_id": {"type": "string"},
    "first_name": {"type": "string"}, "last_name": {"type": "string"}, "phone": {"type": "string"},
    "description": {"type": "string", "maxLength": 4000},
    "media_url": {"type": "array", "items": {"type": "string"}},
}
_UPDATE_FIELDS = {
    "api_key": {"type": "string"}, "jurisdiction_id": {"type": "string"},
    "service_request_id": {"type": "string"}, "update_id": {"type": "string"},
    "updated_datetime": {"type": "string", "format": "date-time"},
    "status": {"type": "string", "description": "open, closed or an extended status (noted, not applied)"},
    "description": {"type": "string", "maxLength": 4000}, "email": {"type": "string"},
    "first_name": {"type": "string"}, "last_name": {"type": "string"},
    "media_url": {"type": "array", "items": {"type": "string"}},
}


def _post(summary: str, schema: str, fields: dict, required: list[str]) -> dict:
    body = {"type": "object", "properties": fields, "required": required}
    return {"post": {"summary": summary, "parameters": [_FMT],
                     "requestBody": {"required": True, "content": {
                         "application/x-www-form-urlencoded": {"schema": body},
                         "multipart/form-data": {"schema": body}}},
                     "responses": {"200": _ok(schema), "400": _ERRORS, "403": _ERRORS, "404": _ERRORS,
                                   "429": _ERRORS}}}


def document(server: str) -> dict:
    dates = [_param("start_date", description="W3C date and time", format="date-time"),
             _param("end_date", description="W3C date and time; at most 90 days after start_date",
                    format="date-time")]
    requests_path = _get("Service requests (the last 90 days by default, at most 1,000 a page)", "Requests",
                         _KEY, _param("service_request_id", description="Comma-separated ids"),
                         _param("service_code", description="Comma-separated codes"),
                         _param("status", description="open, closed or both, comma-separated"), *dates,
                         _param("page", description="Page of 1,000, from 1", pattern="^[0-9]+$"))
    requests_path.update(_post("Submit a service request", "Created", _REQUEST_FIELDS, ["api_key", "service_code"]))
    updates_path = _get("Updates on service requests (FixMyStreet's extension)", "Updates", _KEY, *dates)
    updates_path.update(_post("Comment on a service request (FixMyStreet's extension)", "UpdateCreated",
                              _UPDATE_FIELDS, ["api_key", "service_request_id", "updated_datetime", "description"]))
    string = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Open311 GeoReport v2", "version": "2",
                 "description": "The council's Open311 GeoReport v2 endpoint with FixMyStreet's extensions."},
        "servers": [{"url": server}],
        "paths": {
            "/discovery.{fmt}": _get("Discovery", "Discovery"),
            "/services.{fmt}": _get("Services offered", "Services"),
            "/services/{service_code}.{fmt}": _get("A service's definition", "Definition",
                                                    _param("service_code", "path", True)),
            "/requests.{fmt}": requests_path,
            "/requests/{service_request_id}.{fmt}": _get("One service request", "Requests",
                                                          _param("service_request_id", "path", True)),
            "/tokens/{token}.{fmt}": _get("The id a token became", "Tokens", _param("token", "path", True)),
            "/servicerequestupdates.{fmt}": updates_path,
        },
        "components": {"schemas": {
            "Errors": {"type": "array", "items": {"type": "object", "required": ["code", "description"],
                                                  "properties": {"code": {"type": "integer"},
                                                                 "description": string}}},
            "Discovery": {"type": "object"},
            "Services": {"type": "array", "items": {"type": "object", "required": ["service_code", "service_name"],
                                                    "properties": {k: string for k in (
                                                        "service_code", "service_name", "description", "type",
                                                        "keywords", "group")} | {"metadata": {"type": "boolean"}}}},
            "Definition": {"type": "object", "properties": {"service_code": string,
                                                            "attributes": {"type": "array",
                                                                           "items": {"type": "object"}}}},
            "Requests": {"type": "array", "items": {"type": "object", "required": ["service_request_id", "status"],
                                                    "properties": {"service_request_id": string,
                                                                   "status": {"type": "string",
                                                                              "enum": ["open", "closed"]}}}},
            "Created": {"type": "array", "items": {"type": "object", "properties": {"service_request_id": string,
                                                                                   "token": string}}},
            "Tokens": {"type": "array", "items": {"type": "object", "properties": {"token": string,
                                                                                  "service_request_id": string}}},
            "Updates": {"type": "array", "items": {"type": "object", "properties": {
                "update_id": string, "service_request_id": string, "updated_datetime": string,
                "status": {"type": "string", "enum": list(EXTENDED_STATUSES)}, "description": string}}},
            "UpdateCreated": {"type": "array", "items": {"type": "object", "properties": {"update_id": string}}},
        }},
    }
