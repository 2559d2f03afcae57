"""HTML + stylesheets -> PDF bytes, with WeasyPrint and the bundled fonts only.

One Typesetter serves one edition. It keeps its FontConfiguration and parsed stylesheets, so a process that
builds many times (tests, a preview server) pays for them once. It fetches nothing from the network:
documents may load `data:` URLs and files inside the project, nothing else.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from . import compat
from .diagnostics import BuildFailure
from .fonts import use_only_bundled_fonts

IMAGE_CACHE_LIMIT = 500  # entries (a chart makes a few): past this, start afresh rather than grow without end


class Typesetter:
    def __init__(self, project_root: Path, stylesheets: list[Path], pdf_variant: str, fonts_dir: Path,
                 cache_dir: Path):
        use_only_bundled_fonts(fonts_dir, cache_dir / "fontconfig")
        import weasyprint  # after fontconfig is pointed at fonts/
        from weasyprint.text.fonts import FontConfiguration

        compat.check_versions()
        from .compat.justify import chinese_justification  # imports WeasyPrint's internals

        self._weasyprint = weasyprint
        self._chinese_justification = chinese_justification
        self.project_root = project_root.resolve()
        self.fetcher = _project_fetcher(weasyprint.urls.URLFetcher, self.project_root)
        self.font_config = FontConfiguration()
        self.pdf_variant = pdf_variant
        self.color_profiles: dict = {}  # filled by @color-profile rules; the print edition's output intent
        self.images: dict = {}  # WeasyPrint's parsed images (the charts), kept while their URLs stay the same
        # @counter-style rules (list numbers （1） and ①) reach the layout only through this object
        self.counter_style = weasyprint.css.counters.CounterStyle()
        missing = [path for path in stylesheets if not path.is_file()]
        if missing:
            raise BuildFailure(f"stylesheet {missing[0]} is missing: restore it from git")
        self.stylesheets = [weasyprint.CSS(filename=str(path), font_config=self.font_config,
                                           url_fetcher=self.fetcher, color_profiles=self.color_profiles,
                                           counter_style=self.counter_style)
                            for path in stylesheets]

    def render(self, html: str, colours_css: str):
        """Lay out the book; the returned Document knows every page and anchor.

        The colours come per call (a tiny stylesheet of CSS variables), so an edited colours file needs no
        new Typesetter."""
        document = self._weasyprint.HTML(string=html, base_url=str(self.project_root) + "/",
                                         url_fetcher=self.fetcher)
        colours = self._weasyprint.CSS(string=colours_css, font_config=self.font_config)
        if len(self.images) > IMAGE_CACHE_LIMIT:
            self.images.clear()
        try:
            with self._chinese_justification():
                return document.render(stylesheets=[colours, *self.stylesheets], font_config=self.font_config,
                                       color_profiles=self.color_profiles, pdf_variant=self.pdf_variant,
                                       cache=self.images, counter_style=self.counter_style)
        except self._weasyprint.urls.FatalURLFetchingError as error:
            raise BuildFailure(f"{error}: {error.__cause__}") from error

    def write_pdf(self, document, compress: bool = True, finisher=None) -> bytes:
        from .compat.note_tags import notes_tagged
        from .compat.tagging import reading_structure

        with reading_structure(), notes_tagged():
            return document.write_pdf(pdf_variant=self.pdf_variant, finisher=finisher,
                                      uncompressed_pdf=not compress, pdf_identifier=True)


def _project_fetcher(base, project_root: Path):
    """A WeasyPrint URL fetcher that reads `data:` URLs and files inside the project, and stops the build on
    anything else (a web address, a file elsewhere on the machine, a missing file)."""

    class ProjectFetcher(base):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not path.is_relative_to(project_root):
                    raise ValueError(f"{path} is outside the project folder {project_root}")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)
