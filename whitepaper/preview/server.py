"""The preview's web server: one page showing the book (or what stops it), and the files that page loads.

    /            the page: every page of the book as an image, or the content problems with file and line
    /status      {"version": n, "building": bool}; the page polls it and reloads when the version changes
    /pages/N.jpg page N, as drawn after the last good build
    /book.pdf    the last build's PDF

Only requests addressed to this server by its own name are answered: a web page elsewhere that points a name of
its own at 127.0.0.1 (DNS rebinding) gets 421, never the unpublished book. No CORS headers are ever sent.
"""

import json
import re
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import jinja2

from ..diff.report import change_kind
from ..editions import edition_name
from ..messages import language, say
from .session import PreviewSession

PAGE_PATH = re.compile(r"/pages/(\d+)\.jpg")
OWN_NAMES = ("127.0.0.1", "localhost", "[::1]")


def make_server(session: PreviewSession, port: int, title: str, language: str) -> ThreadingHTTPServer:
    """Listens on 127.0.0.1 only: the preview is for the editor at this machine."""
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 partial(PreviewHandler, session, page_maker(title, language, session.edition.name)))
    server.daemon_threads = True
    return server


def page_maker(title: str, book_language: str, edition: str):
    """(outcome, building) -> the page's HTML; its words in the reader's language, the book's own in its own."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True)
    environment.globals.update(say=say, edition_name=edition_name, change_kind=change_kind,
                               interface_language="zh-CN" if language() == "zh" else "en")
    return partial(environment.get_template("page.html.j2").render, title=title, language=book_language,
                   edition=edition)


class PreviewHandler(BaseHTTPRequestHandler):
    def __init__(self, session: PreviewSession, page, *args, **kwargs):
        self.session = session
        self.page = page
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not self._addressed_to_us():
            # in the page, not the status line: that is Latin-1 only
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, explain=say("preview.misdirected"))
            return
        path = urlparse(self.path).path
        outcome = self.session.outcome  # one consistent build for the whole request
        page_number = PAGE_PATH.fullmatch(path)
        if path == "/":
            html = self.page(outcome=outcome, building=self.session.building)
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/status":
            status = {"version": outcome.version, "building": self.session.building}
            self._send(json.dumps(status).encode(), "application/json")
        elif path == "/book.pdf" and outcome.ok and (pdf := self.session.pdf(outcome)):
            self._send(pdf, "application/pdf")
        elif page_number and 1 <= int(page_number[1]) <= len(outcome.pages):
            self._send(outcome.pages[int(page_number[1]) - 1], "image/jpeg")
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _addressed_to_us(self) -> bool:
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").strip().lower()
        return host in {f"{name}:{port}" for name in OWN_NAMES} or (port == 80 and host in OWN_NAMES)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        """Quiet: the page polls twice a second, and the terminal is for build messages."""
