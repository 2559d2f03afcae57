"""The preview answers only requests addressed to it by its own name (127.0.0.1, localhost, [::1] and its port):
a web page the editor visits cannot read the unpublished book through a name that points at 127.0.0.1."""

import http.client
import threading
from types import SimpleNamespace

import pytest

from whitepaper.preview.server import make_server
from whitepaper.preview.session import Outcome


@pytest.fixture(scope="module")
def server():
    outcome = Outcome(1, pdf=b"%PDF-1.7 the book", pages=(b"jpeg",))
    session = SimpleNamespace(outcome=outcome, building=False, edition=SimpleNamespace(name="print"),
                              pdf=lambda shown: shown.pdf)
    server = make_server(session, 0, "白皮书", "zh-CN")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def get(server, path: str, host: str | None, origin: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    if origin is not None:
        connection.putheader("Origin", origin)
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_its_own_names_get_the_book(server, name):
    port = server.server_address[1]
    response = get(server, "/book.pdf", f"{name}:{port}")
    assert (response.status, response.body) == (200, b"%PDF-1.7 the book")
    assert not [header for header in response.headers if header.lower().startswith("access-control-")]


@pytest.mark.parametrize("path", ["/", "/book.pdf", "/status", "/pages/1.jpg"])
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", "127.0.0.2:{port}", "", None])
def test_any_other_host_is_refused(server, path, host):
    port = server.server_address[1]
    response = get(server, path, host if host is None else host.format(port=port), origin="http://evil.example")
    assert response.status == 421
    assert b"the book" not in response.body and b"jpeg" not in response.body
    assert not [header for header in response.headers if header.lower().startswith("access-control-")]
