"""Our PDFs as readers that are not ours see them: Ghostscript (which reads fonts and colour as Acrobat and print
RIPs do), MuPDF and qpdf, beside PDFium, the library our own preflight reads with.

Colour management differs between renderers, so pages are compared by their shapes: an edge map of each
rendering, where an edge strong in one must have at least a faint edge near it in the other.
"""

import subprocess
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageFilter, ImageMath

DPI = 72
STRONG_EDGE = 80  # edge strength (0-255) that counts as a shape
FAINT_EDGE = 20  # below this, no edge at all
NEAR = 3  # pixels: an edge this close in the other rendering is the same edge
# Share of the strong edges of one rendering with no edge near them in the other. Calibrated at 72 dpi: the book
# and the fixture book stay under 0.003 on every page of both editions; with the old fonts (old-fonts.pdf),
# where Ghostscript draws boxes, pages score 0.012 to 0.19.
SHAPE_TOLERANCE = 0.01
PLATES = ("Cyan", "Magenta", "Yellow", "Black")


def pdfium_pages(pdf: Path) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                for index in range(len(document))]
    finally:
        document.close()


def ghostscript_pages(pdf: Path) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray", f"-r{DPI}", "-dTextAlphaBits=4",
              "-dGraphicsAlphaBits=4", f"-sOutputFile={folder}/%03d.png", str(pdf)])
        return [_load(path) for path in sorted(Path(folder).glob("*.png"))]


def mupdf_pages(pdf: Path) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        _run(["mutool", "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", f"{folder}/%03d.png", str(pdf)])
        return [_load(path) for path in sorted(Path(folder).glob("*.png"))]


def shape_difference(a: Image.Image, b: Image.Image) -> float:
    """Share of strong edges in either picture with no edge near them in the other: 0 when both draw the same
    shapes, whatever the colours."""
    if a.size != b.size:  # renderers round the page's width in pixels differently
        b = b.resize(a.size)
    edges_a, edges_b = a.filter(ImageFilter.FIND_EDGES), b.filter(ImageFilter.FIND_EDGES)
    missing_a, strong_a = _unmatched(edges_a, edges_b)
    missing_b, strong_b = _unmatched(edges_b, edges_a)
    return (missing_a + missing_b) / max(strong_a + strong_b, 1)


def differing_pages(reference: list[Image.Image], other: list[Image.Image]) -> dict[int, float]:
    """{page number: difference} of the pages whose shapes differ beyond the tolerance."""
    assert len(reference) == len(other), "the renderers see different page counts"
    scores = {number: shape_difference(a, b) for number, (a, b) in enumerate(zip(reference, other), start=1)}
    return {number: round(score, 4) for number, score in scores.items() if score > SHAPE_TOLERANCE}


def separations(pdf: Path, page: int, without_text: bool = False, whole_sheet: bool = False,
                dpi: int = 100) -> dict[str, Image.Image]:
    """Ghostscript's printing plates of one page, inside the trim (or the whole sheet, slug and marks included):
    each plate's ink from 0 to 255."""
    with tempfile.TemporaryDirectory() as folder:
        _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}",
              *([] if whole_sheet else ["-dUseTrimBox"]),
              f"-dFirstPage={page}", f"-dLastPage={page}", *(["-dFILTERTEXT"] if without_text else []),
              f"-sOutputFile={folder}/page.tif", str(pdf)])
        return {plate: ImageChops.invert(_load(Path(folder) / f"page({plate}).tif")) for plate in PLATES}


def black_text_off_the_black_plate(pdf: Path, page: int) -> dict[str, int]:
    """Pixels of black text (70% K or more, where the text changes the black plate) that also put ink on the
    cyan, magenta or yellow plate: {plate: pixels}. White text and colour under overprinting text do not count,
    as they add no ink of their own."""
    plates, without_text = separations(pdf, page), separations(pdf, page, without_text=True)
    drawn_by_text = ImageChops.difference(plates["Black"], without_text["Black"]).point(lambda v: 255 if v else 0)
    black_text = ImageChops.multiply(plates["Black"].point(lambda v: 255 if v >= 178 else 0), drawn_by_text)
    found = {}
    for plate in PLATES[:3]:
        added = ImageChops.subtract(plates[plate], without_text[plate]).point(lambda v: 255 if v > 25 else 0)
        found[plate] = ImageChops.multiply(added, black_text).histogram()[255]
    return found


def total_ink(pdf: Path, page: int) -> float:
    """The most ink on any spot of the page, in percent (400 is every plate solid)."""
    cyan, magenta, yellow, black = (plate.convert("I") for plate in separations(pdf, page).values())
    total = ImageMath.lambda_eval(lambda args: args["c"] + args["m"] + args["y"] + args["k"],
                                  c=cyan, m=magenta, y=yellow, k=black)
    return total.getextrema()[1] / 255 * 100


def qpdf_check(pdf: Path) -> str:
    """qpdf's verdict on the file's syntax and streams; empty when it finds nothing wrong."""
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    return "" if result.returncode == 0 and not result.stderr else result.stdout + result.stderr


def _unmatched(edges: Image.Image, other: Image.Image) -> tuple[int, int]:
    strong = edges.point(lambda v: 255 if v > STRONG_EDGE else 0)
    nothing_near = other.filter(ImageFilter.MaxFilter(NEAR)).point(lambda v: 255 if v < FAINT_EDGE else 0)
    return ImageChops.multiply(strong, nothing_near).histogram()[255], strong.histogram()[255]


def _load(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("L")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
