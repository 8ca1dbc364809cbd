"""/metrics for Prometheus (ieg/metrics.py). Read with the token in METRICS_TOKEN
(`Authorization: Bearer ...`): a token works wherever Prometheus sits, where an address check
would let through everything nginx forwards from the same machine. Unset: 404, as if absent.
Nothing personal is in it: counts, route rules, ages and the scheduler's node name."""
import hmac

from flask import Blueprint, abort, current_app, request

from ieg import metrics

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return "A valid bearer token is needed\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"',
                                                          "Content-Type": "text/plain; charset=utf-8"}
    body, content_type = metrics.exposition()
    return body, 200, {"Content-Type": content_type, "Cache-Control": "no-store"}
