"""Every refusal of the studio's API, the router's own included (a path with `..`, an unknown
route, a malformed id or query), answers in the one error shape: JSON with the Failures
category, a subject and a message, and no path on the server."""
import http.client
import json

import pytest

CATEGORIES = {"usage", "data", "noInput", "unavailable", "cannotCreate", "io", "temporary", "noPermission", "software"}


def raw(studio, method, path, body=None, headers=None):
    """The path exactly as given (no client-side `..` folding), on its own connection."""
    host, port = studio.origin.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest(method, path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type") or "", data


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/lessons/../clips", 404),
    ("GET", "/api/../api/lessons", 404),
    ("GET", "/api/lessons/%2e%2e/1", 404),
    ("GET", "/api/lessons/1/thumbs/..%2f..%2fetc%2fpasswd", 404),
    ("GET", "/api/lessons/1/thumbs/../../../../etc/passwd", 404),
    ("GET", "/api/..%00/x", 404),
    ("GET", "/api/no-such-route", 404),
    ("GET", "/api/lessons/abc", 404),
    ("GET", "/api/lessons/-1/keyframes", 404),
    ("GET", "/api/lessons/99999", 404),
    ("GET", "/api/lessons/1/thumbs/x", 404),
    ("GET", "/api/jobs/..", 404),
    ("GET", "/api/clips?state=nonsense", 400),
    ("POST", "/api/lessons/1/cuts", 400),
    ("DELETE", "/api/lessons", 404),
])
def test_every_refusal_has_the_one_error_shape(studio, library, method, path, status):
    body = b"{not json" if method == "POST" else None
    headers = {"Content-Type": "application/json"} if method == "POST" else {}
    got, content_type, data = raw(studio, method, path, body, headers)
    assert got == status, (path, got, data[:300])
    assert content_type.startswith("application/json"), (path, content_type, data[:300])
    answer = json.loads(data)
    error = answer["error"]
    assert error["status"] == got
    assert error["category"] in CATEGORIES, error
    assert isinstance(error["subject"], str)
    assert error["message"].strip(), error
    text = data.decode()
    for folder in (str(library["folder"]), str(library["lessons"]), "/etc/", "/tmp/"):
        assert folder not in text, (path, text)
