"""whitepaper: content files in, a print-ready PDF of a Chinese white paper out.

The stages, in the order pipeline.build runs them:
sources (read files) -> assemble (validated Book) -> charts (SVG) -> html_builder (HTML)
-> typeset (PDF bytes) -> preflight (checks on the PDF) -> written atomically.
"""

__version__ = "0.1.0"
