"""The `georeport` client from PyPI, run for real against a live server on loopback: it reads
services, service definitions and requests, in JSON and in XML."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests as http
from georeport import GeoReport
from werkzeug.serving import make_server

from ieg.extensions import db
from tests.open311_support import api_key, offer


@pytest.fixture
def live(app):
    with app.app_context():
        offer(db.session)
        key = api_key(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_port}/open311/v2"
    yield root, key
    server.shutdown()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_definitions_and_requests(live, fmt):
    root, key = live
    made = http.post(f"{root}/requests.json", data={"api_key": key, "service_code": "graffiti", "lat": "51.06",
                                                    "long": "0.158", "description": "Tags on the bridge",
                                                    "attribute[offensive]": "no"}, timeout=10)
    assert made.status_code == 200, made.text
    reference = made.json()[0]["service_request_id"]
    client = GeoReport(root, jurisdiction="ashdown.example.gov.uk", api_key=key, output_format=fmt)

    services = client.get_service_list()
    service = services if isinstance(services, dict) else services[0]  # xmltodict: one element, no list
    assert service["service_code"] == "graffiti" and service["group"] == "Street care"

    definition = client.get_service_definition("graffiti")
    attributes = definition["attributes"]
    attribute = attributes["attribute"] if fmt == "xml" else attributes[0]
    assert attribute["code"] == "offensive" and attribute["datatype"] == "singlevaluelist"

    now = datetime.now(timezone.utc)
    listed = client.get_service_requests(service_code="graffiti", status="open",
                                         start_date=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                         end_date=(now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    listed = [listed] if isinstance(listed, dict) else listed
    assert [r["service_request_id"] for r in listed] == [reference]
    one = client.get_service_request(reference)
    assert one["service_request_id"] == reference and one["description"] == "Tags on the bridge"
    assert str(one["lat"]) == "51.06"
