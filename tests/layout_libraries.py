"""The versions of the system libraries that decide where lines and pages break: Pango (line breaking and
shaping), HarfBuzz (glyphs and advances), fontconfig (font matching) and FreeType (font metrics). Asked of the
libraries themselves, loaded by the names WeasyPrint loads them by, so these are the ones the build uses."""

import cffi

_ffi = cffi.FFI()
_ffi.cdef("""
    const char *pango_version_string(void);
    const char *hb_version_string(void);
    int FcGetVersion(void);
    typedef void *FT_Library;
    int FT_Init_FreeType(FT_Library *library);
    void FT_Library_Version(FT_Library library, int *major, int *minor, int *patch);
    int FT_Done_FreeType(FT_Library library);
""")


def layout_libraries() -> dict[str, str]:
    pango = _ffi.dlopen("libpango-1.0.so.0")
    harfbuzz = _ffi.dlopen("libharfbuzz.so.0")
    fontconfig = _ffi.dlopen("libfontconfig.so.1")
    freetype = _ffi.dlopen("libfreetype.so.6")
    fc = fontconfig.FcGetVersion()
    library = _ffi.new("FT_Library *")
    freetype.FT_Init_FreeType(library)
    parts = [_ffi.new("int *") for _ in range(3)]
    freetype.FT_Library_Version(library[0], *parts)
    freetype.FT_Done_FreeType(library[0])
    return {"Pango": _ffi.string(pango.pango_version_string()).decode(),
            "HarfBuzz": _ffi.string(harfbuzz.hb_version_string()).decode(),
            "fontconfig": f"{fc // 10000}.{fc // 100 % 100}.{fc % 100}",
            "FreeType": ".".join(str(part[0]) for part in parts)}
