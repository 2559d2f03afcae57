"""Print the screen edition as a screen reader reads it: its structure tree in order, one line per block.

    .venv/bin/python scripts/reading_order.py [build/whitepaper-screen.pdf]
"""

import sys
from pathlib import Path

from whitepaper.preflight.reading import PdfUnderTest
from whitepaper.preflight.structure import reading_order

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    pdf = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "whitepaper-screen.pdf"
    with PdfUnderTest.open(pdf.read_bytes(), ROOT / "fonts") as subject:
        print("\n".join(reading_order(subject)))


if __name__ == "__main__":
    main()
