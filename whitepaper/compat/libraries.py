"""WeasyPrint imported without a `ctypes.util.find_library` search per library name.

WeasyPrint tries several names for each system library it loads (Pango, HarfBuzz, fontconfig …), the file
names Linux uses last; cffi looks up each name that is not a file name with `ctypes.util.find_library`, which
runs ldconfig and gcc: 0.2 s before anything is typeset, in every process (measured in README, *Upgrading …*).
On Linux the system's loader finds the libraries by their file names alone, so the lookups are answered "not
found" while WeasyPrint is imported, and made after all should the loader fail.
Upstream: docs/upstream/weasyprint-linux-library-names.patch.
"""

import ctypes.util
import sys


def import_weasyprint():
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        import weasyprint
        return weasyprint
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:  # the loader alone did not find a library: let WeasyPrint look it up as usual
        ctypes.util.find_library = search
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint
