"""`whitepaper preview` end to end, as an editor uses it: start it, look, save a change, break a file, fix it,
press Ctrl-C. Plain HTTP against a server in a child process; the book is read back from the PDF it serves."""

import dataclasses
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.request import urlopen

from content_edits import replace_line, value_lines, with_letter
from pdf_reading import page_texts, squeeze

TIMEOUT = 60  # seconds: generous, for a slow CI machine
MARKER = "4711"  # digits: the bundled fonts have them


class Preview:
    """The server in a child process, and what it printed."""

    def __init__(self, project: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "whitepaper", "preview", "--port", "0"],
                                        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=lambda stream=stream, lines=lines: lines.extend(stream), daemon=True).start()
        address = wait_for(lambda: next((line.split(" on ")[1].split()[0] for line in self.stdout
                                         if " on http://127.0.0.1:" in line), None), "the server's address")
        self.url = address.rstrip("/")

    def get(self, path: str) -> bytes:
        with urlopen(self.url + path, timeout=10) as response:
            return response.read()

    def status(self) -> dict:
        return json.loads(self.get("/status"))

    def page(self) -> str:
        return self.get("/").decode("utf-8")

    def book_text(self, tmp_path: Path) -> str:
        pdf = tmp_path / "served.pdf"
        pdf.write_bytes(self.get("/book.pdf"))
        return squeeze("".join(page_texts(pdf)))

    def next_version(self, after: int) -> int:
        """Wait for the page of a build that started after `after` and has finished."""
        def settled():
            status = self.status()
            return status["version"] if status["version"] > after and not status["building"] else None
        return wait_for(settled, "a new build")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=TIMEOUT)


def wait_for(probe, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_preview_shows_the_book_follows_edits_and_errors_and_stops_on_ctrl_c(warm_copy, tmp_path):
    chapter = sorted((warm_copy / "content" / "chapters").glob("*.md"))[1]
    value = value_lines(warm_copy / "content")[1]
    preview = Preview(warm_copy)
    try:
        version = preview.next_version(0)
        page = preview.page()
        pages = page.count('<img class="page"')
        assert pages > 10
        assert preview.get("/pages/1.jpg").startswith(b"\xff\xd8\xff")
        assert MARKER not in preview.book_text(tmp_path)

        edit(chapter, "。", f"{MARKER}。")
        version = preview.next_version(version)
        assert MARKER in preview.book_text(tmp_path)

        replace_line(value, with_letter(value))
        version = preview.next_version(version)
        page = preview.page()
        assert value.place in page
        assert f"`data[{value.item}].value` should be a number written with digits" in page
        assert page.count('<img class="page"') == pages  # the last good book stays under the problems
        assert "below is the book as it was before it" in page
        assert MARKER in preview.book_text(tmp_path)

        chapter_text = chapter.read_text(encoding="utf-8")
        chapter.unlink()
        chapter.mkdir()  # a chapter that becomes a folder: the preview says so, and goes on
        version = preview.next_version(version)
        assert f"content/chapters/{chapter.name}" in preview.page()
        chapter.rmdir()
        chapter.write_text(chapter_text, encoding="utf-8")

        replace_line(dataclasses.replace(value, text=with_letter(value)), value.text)
        version = preview.next_version(version)
        page = preview.page()
        assert page.count('<img class="page"') == pages and value.chart.name not in page
        assert MARKER in preview.book_text(tmp_path)

        before = preview.get("/book.pdf")
        edit(warm_copy / "styles" / "book.css", "--body-size: 10.5pt;", "--body-size: 12pt;")
        preview.next_version(version)  # a style change is a change too: the book is set anew
        assert preview.page().count('<img class="page"') > pages
        assert preview.get("/book.pdf") != before
    finally:
        exit_code = preview.stop()

    assert exit_code == 0
    assert "Traceback" not in "".join(preview.stderr)
    assert preview.stdout[-1].strip() == "preview stopped"
    assert (warm_copy / "build" / "preview" / "whitepaper.pdf").is_file()
    assert not (warm_copy / "build" / "whitepaper.pdf").exists()


def test_a_save_shows_at_once_that_a_rebuild_is_under_way(project):
    """However busy the machine, the page says 「rebuilding」 as soon as the save is seen, before the build starts."""
    from whitepaper.editions import PRINT
    from whitepaper.preview.session import PreviewSession

    session = PreviewSession(project, PRINT, setup_folders=set())
    session.building = False  # as after a build
    session.changed({project.content})
    assert session.building


def test_the_pdf_link_followed_before_the_whole_pdf_is_written_waits_for_it(project):
    """The pages are shown before the whole book's PDF is written: a click on 「PDF」 in that moment gets the PDF of
    the pages on show, not an error."""
    from whitepaper.editions import PRINT
    from whitepaper.preview.session import PreviewSession

    session = PreviewSession(project, PRINT, setup_folders=set())
    session._publish(pages=(b"jpeg",))
    shown = session.outcome
    assert shown.ok and shown.pdf is None
    threading.Timer(0.2, session._add_pdf, [b"%PDF-1.7 the book"]).start()
    assert session.pdf(shown, timeout=TIMEOUT) == b"%PDF-1.7 the book"
    assert session.outcome.version == shown.version  # the page on show is not loaded again
