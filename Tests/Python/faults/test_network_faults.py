"""The byte-level faults measured at real clients on a live `sync-verifier
serve --http`: `requests` for the bandwidth, the cut body, the timeout and
the slow close; `http.client` (under `requests`) reading as bytes arrive for
the slicer's chunks."""
import http.client
import json
import time
import urllib.parse

import pytest
import requests


@pytest.fixture(scope="module")
def plain(plain_served):
    return plain_served


@pytest.fixture(autouse=True)
def clean(plain):
    requests.post(plain.env["SV_PRM_URL"] + "/__admin/reset", timeout=10).raise_for_status()
    yield
    requests.post(plain.env["SV_PRM_URL"] + "/__admin/reset", timeout=10).raise_for_status()


def inject(env, fault):
    response = requests.post(env["SV_PRM_URL"] + "/__admin/faults", json=fault, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def document_url(env):
    # The PRM's OpenAPI document: about 100 kB, answered through the fault layer (and never metered).
    return env["SV_PRM_URL"] + "/openapi.json"


def test_a_10_kb_per_second_bandwidth_makes_a_100_kb_body_take_ten_seconds(plain):
    env = plain.env
    size = len(requests.get(document_url(env), timeout=10).content)
    assert size > 90_000
    inject(env, {"type": "bandwidth", "bytesPerSecond": 10_240, "scope": {"pathPrefixes": ["/openapi.json"]}})
    start = time.monotonic()
    response = requests.get(document_url(env), timeout=60)
    elapsed = time.monotonic() - start
    assert len(response.content) == size
    expected = size / 10_240
    print(f"bandwidth: {size} bytes at 10240 B/s took {elapsed:.3f} s, expected {expected:.3f} s ({(elapsed / expected - 1) * 100:+.2f} %)")
    assert abs(elapsed - expected) <= 0.1 * expected


def test_a_slicers_chunks_arrive_at_their_interval(plain):
    env = plain.env
    inject(env, {"type": "slicer", "averageBytes": 500, "variationBytes": 100, "delayMs": 50, "scope": {"pathPrefixes": ["/openapi.json"]}})
    url = urllib.parse.urlsplit(document_url(env))
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request("GET", url.path)
    response = connection.getresponse()
    arrivals = []
    while len(arrivals) < 12:
        chunk = response.read1(65_536)
        if not chunk:
            break
        arrivals.append((time.monotonic(), len(chunk)))
    connection.close()
    gaps = [b[0] - a[0] for a, b in zip(arrivals, arrivals[1:])]
    print("slicer: chunk sizes", [n for _, n in arrivals], "gaps (ms)", [round(g * 1000, 1) for g in gaps])
    assert all(n <= 600 for _, n in arrivals)
    assert all(0.04 <= gap <= 0.08 for gap in gaps), gaps


def test_limit_data_cuts_the_body_and_requests_notices(plain):
    env = plain.env
    inject(env, {"type": "limitData", "bytes": 1_000, "scope": {"pathPrefixes": ["/openapi.json"]}})
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        requests.get(document_url(env), timeout=10)
    log = requests.get(env["SV_PRM_URL"] + "/__admin/requests", timeout=10).json()["data"]
    assert log[-1]["connection"] == "limitData" and log[-1]["faults"] == ["limitData:1000"]


def test_a_timeout_keeps_silent_then_closes(plain):
    env = plain.env
    inject(env, {"type": "timeout", "timeoutMs": 400, "scope": {"pathPrefixes": ["/openapi.json"]}})
    start = time.monotonic()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(document_url(env), timeout=5)
    assert time.monotonic() - start >= 0.39
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(document_url(env), timeout=0.2)


def test_a_slow_close_answers_at_once_and_closes_late(plain):
    env = plain.env
    inject(env, {"type": "slowClose", "delayMs": 500, "scope": {"pathPrefixes": ["/openapi.json"]}})
    start = time.monotonic()
    response = requests.get(document_url(env), timeout=10)
    assert response.status_code == 200 and response.headers["Connection"] == "close"
    assert time.monotonic() - start < 0.4, "the answer itself is not delayed"
    json.loads(response.content)
