"""`whitepaper preview`: the book in a browser at http://127.0.0.1:PORT/, rebuilt whenever a source is saved.

Three threads: the watcher polls content/, styles/, fonts/ and the templates; the session rebuilds the book
with a warm Builder; the web server (main thread) shows the last outcome. Ctrl-C stops all three.
"""

import threading

from ..assemble import assemble
from ..diagnostics import BuildFailure, ContentError
from ..editions import Edition, edition_name
from ..html_builder import TEMPLATES_DIR
from ..messages import say
from ..pipeline import Project
from .server import make_server
from .session import PreviewSession
from .watcher import Watcher

STOP_WAIT = 5.0  # seconds a build under way may take to finish after Ctrl-C


def serve(project: Project, edition: Edition, port: int, announce=print) -> None:
    """Runs until Ctrl-C; `announce` tells the editor where to look and when it stopped."""
    project.checked_content()
    setup = {project.styles, project.fonts, TEMPLATES_DIR}
    session = PreviewSession(project, edition, setup)
    try:
        server = make_server(session, port, *_title_and_language(project))
    except OSError as error:
        raise BuildFailure(say("preview.cannot_serve", port=port, error=error.strerror)) from error
    watcher = Watcher([project.content, *sorted(setup)], session.changed)
    builds = threading.Thread(target=session.run, name="builds", daemon=True)
    builds.start()
    watcher.start()
    announce(say("preview.serving", edition=edition_name(edition.name),
                 url=f"http://127.0.0.1:{server.server_address[1]}/"))
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        session.stop()
        server.server_close()
        builds.join(STOP_WAIT)
    announce(say("preview.stopped"))


def _title_and_language(project: Project) -> tuple[str, str]:
    """For the browser tab; the page works without them when the content is broken."""
    try:
        book = assemble(project.content)
        return book.title, book.language
    except ContentError:
        return "whitepaper", "zh"
