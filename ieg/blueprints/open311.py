"""Open311 GeoReport v2 at /open311/v2/ (XML or JSON by the extension), FixMyStreet's
extensions, the OpenAPI document, and the back offices' signed status updates. Clients
authenticate with an API key (query string or body, as clients differ); answers and errors
are in the standard's format, never a page. No cookie is set."""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import PathConverter
from werkzeug.routing.exceptions import RoutingException
from sqlalchemy.exc import OperationalError

from ieg import files_store
from ieg.config import Council
from ieg.extensions import db, limiter
from ieg.open311 import keys, openapi, outbound, requests, signing
from ieg.open311 import services as catalogue
from ieg.open311.formats import FORMATS, Open311Error, render, render_errors
from ieg.security import exempt
from ieg.timeutil import utcnow

bp = Blueprint("open311", __name__, url_prefix="/open311")
FMT = "<any(xml, json):fmt>"


class _AnyPath(PathConverter):
    """Any rest of the address, line breaks included, so that even an address the app
    refuses is refused in the standard's format."""
    regex = r"[\s\S]+"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("open311_any", _AnyPath))


def _answer_refusals_in_format(state) -> None:
    """A refusal of an address under /open311/v2/ that no route of ours saw (the app refuses
    control characters in a path before routing; "//" matches nothing) still comes in the
    standard's format: the app's own handler is kept for every other address."""
    handlers = state.app.error_handler_spec[None][None]
    previous = handlers.get(HTTPException)

    def http_error(error: HTTPException):
        if request.path.startswith("/open311/v2/") and not isinstance(error, RoutingException):
            return _http_error(error)
        return previous(error) if previous else error

    handlers[HTTPException] = http_error


bp.record_once(_answer_refusals_in_format)


def _write_limit() -> str:
    return current_app.config.get("OPEN311_KEY_RATE_LIMIT", "120 per minute; 3000 per hour")


def _read_limit() -> str:
    return current_app.config.get("OPEN311_READ_RATE_LIMIT", "120 per minute")


def _per_key() -> str:
    """Writes are limited per API key (a bad key shares one bucket per address)."""
    key = request.values.get("api_key", "")
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32] if key else f"addr:{request.remote_addr}"


def _fmt() -> str:
    return (request.view_args or {}).get("fmt") or ("json" if request.path.endswith(".json") else "xml")


def _answer(body: bytes, fmt: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype=FORMATS[fmt].split(";")[0])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(Open311Error)
def _open311_error(error: Open311Error):
    fmt = _fmt()
    return _answer(render_errors(error, fmt), fmt, error.status)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Every other refusal (a rate limit, a body too large, a bad upload) in the standard's format."""
    status = error.code or 400
    text = {429: "Too many requests: slow down and try again later",
            413: "The request is too large"}.get(status, error.description or error.name)
    fmt = _fmt()
    return _answer(render_errors(Open311Error(status, str(text)), fmt), fmt, status)


@bp.errorhandler(OperationalError)
def _database_busy(error: OperationalError):
    """The database could not take the write in time: nothing was half-saved; send it again."""
    current_app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
    db.session.rollback()
    fmt = _fmt()
    return _answer(render_errors(Open311Error(503, "The service is busy: try again shortly"), fmt), fmt, 503)


def _council() -> Council:
    return Council.from_config(current_app.config)


def _check_jurisdiction() -> None:
    wanted = current_app.config.get("OPEN311_JURISDICTION", "")
    given = request.values.get("jurisdiction_id", "").strip()
    if wanted and given and given != wanted:
        raise Open311Error(404, f"jurisdiction_id must be {wanted}")


def _key(required: bool):
    """The API key's record; Open311Error(403) for a missing (when required), unknown or revoked key."""
    now = utcnow()
    found, due = _checked_key(required, now)
    if due:
        keys.note_used(db.session, found, now)
    return found


def _checked_key(required: bool, now) -> tuple:
    """keys.check's answer for the request's key (its use not yet noted); as _key refuses."""
    text = request.values.get("api_key", "").strip()
    if not text:
        if required:
            raise Open311Error(403, "api_key is required")
        return None, False
    found, due = keys.check(db.session, text, now)
    if found is None:
        raise Open311Error(403, "api_key is not valid")
    return found, due


@bp.get(f"/v2/discovery.{FMT}")
@limiter.limit(_read_limit)
def discovery(fmt):
    council, base = _council(), request.url_root.rstrip("/") + "/open311/v2/"
    body = {"changeset": "2026-12-07T00:00:00Z", "contact": f"{council.name}: {current_app.config['CONTACT_EMAIL']}",
            "key_service": "Ask the council's administrators for an API key",
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                           "changeset": "2026-12-07T00:00:00Z", "type": "production",
                           "formats": ["text/xml", "application/json"]}]}
    return _answer(render("discovery", body, fmt), fmt)


@bp.get(f"/v2/services.{FMT}")
@limiter.limit(_read_limit)
def services(fmt):
    _check_jurisdiction()
    listed = [catalogue.metadata(service, catalogue.form_of(db.session, service))
              for service in catalogue.offered(db.session)]
    return _answer(render("services", listed, fmt), fmt)


@bp.get(f"/v2/services/<code>.{FMT}")
@bp.get(f"/v2/service/<code>.{FMT}")  # some clients ask here
@limiter.limit(_read_limit)
def service_definition(code, fmt):
    _check_jurisdiction()
    service = catalogue.find(db.session, code)
    if service is None:
        raise Open311Error(404, "No service has this code")
    return _answer(render("service_definition", catalogue.definition(service, catalogue.form_of(db.session, service)),
                          fmt), fmt)


def _photos() -> list[requests.Photo]:
    return [requests.Photo(upload.filename or "photo", upload.read())
            for name in request.files for upload in request.files.getlist(name)]


def _written(make, root: str, fmt: str) -> Response:
    """Take a request or update in: every error before anything is written, else one commit."""
    try:
        answer = make()  # read before the commit expires what it reads
    except Open311Error:
        db.session.rollback()
        raise
    db.session.commit()
    return _answer(render(root, [answer], fmt), fmt)


@bp.post(f"/v2/requests.{FMT}")
@exempt
@limiter.limit(_write_limit, key_func=_per_key)
def create_request(fmt):
    _check_jurisdiction()
    now = utcnow()
    key, due = _checked_key(True, now)
    # Committed by take_in_committed, in a transaction of its own, with the key's use noted.
    accepted = requests.take_in_committed(db.session, now, _council(), key, request.values, _photos(),
                                          file_store=files_store.current(), note_key_use=due)
    return _answer(render("service_requests", [requests.created(accepted)], fmt), fmt)


@bp.get(f"/v2/requests.{FMT}")
@limiter.limit(_read_limit)
def list_requests(fmt):
    _check_jurisdiction()
    _key(required=False)
    found = requests.search(db.session, utcnow(), _council(), request.args,
                            web=current_app.config.get("OPEN311_PUBLISH_WEB_REPORTS", False))
    return _answer(render("service_requests", found, fmt), fmt)


@bp.get(f"/v2/requests/<service_request_id>.{FMT}")
@limiter.limit(_read_limit)
def one_request(service_request_id, fmt):
    _check_jurisdiction()
    _key(required=False)
    return _answer(render("service_requests", requests.one(
        db.session, _council(), service_request_id, web=current_app.config.get("OPEN311_PUBLISH_WEB_REPORTS", False)), fmt), fmt)


@bp.get(f"/v2/tokens/<token>.{FMT}")
@limiter.limit(_read_limit)
def token(token, fmt):
    _check_jurisdiction()
    return _answer(render("service_requests", requests.by_token(db.session, token), fmt), fmt)


@bp.get(f"/v2/servicerequestupdates.{FMT}")
@limiter.limit(_read_limit)
def list_updates(fmt):
    _check_jurisdiction()
    _key(required=False)
    found = requests.updates(db.session, utcnow(), _council(), request.args)
    return _answer(render("service_request_updates", found, fmt), fmt)


@bp.post(f"/v2/servicerequestupdates.{FMT}")
@exempt
@limiter.limit(_write_limit, key_func=_per_key)
def add_update(fmt):
    _check_jurisdiction()
    _key(required=True)
    return _written(lambda: requests.add_update(db.session, utcnow(), _council(), request.values),
                    "service_request_updates", fmt)


@bp.get("/v2/openapi.json")
def openapi_document():
    response = current_app.json.response(openapi.document(request.url_root.rstrip("/") + "/open311/v2"))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/v2/<open311_any:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@exempt
def unknown(rest):
    """No such endpoint, in the standard's format (XML unless the address asks for JSON)."""
    raise Open311Error(404, "No such endpoint: see discovery.xml")


@bp.post("/backoffice/<int:webhook_id>/updates")
@exempt
@limiter.limit("600 per minute")
def backoffice_update(webhook_id: int):
    """A back office's signed status update (ieg.open311.outbound.receive_update), as JSON."""
    hook = outbound.webhook_for_update(db.session, webhook_id)
    if hook is None:
        return {"error": "No such webhook"}, 404
    body = request.get_data(cache=False)
    try:
        update = outbound.receive_update(db.session, utcnow(), hook, request.headers, body,
                                         current_app.config["TIMEZONE"])
    except signing.SignatureError as error:
        db.session.rollback()
        return {"error": str(error)}, 401
    except outbound.UpdateRefused as error:
        db.session.rollback()
        return {"error": error.message, "field": error.field}, error.status
    db.session.commit()
    return {"accepted": update.id, "event_id": update.event_id}, 201
