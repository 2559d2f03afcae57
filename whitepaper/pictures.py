"""Pictures placed in chapters (PNG, JPEG, SVG from inside content/) -> the data URIs the HTML embeds.

For the print edition a raster picture is converted to CMYK through the output intent's profile
(styles/icc/FOGRA39L-coated.icc) with Pillow's ImageCms, and embedded as a CMYK JPEG, so the press gets no RGB.
An SVG is drawn as it is: for print its colours must be written as `device-cmyk(c m y k)` (preflight refuses RGB).
"""

import base64
import hashlib
import io
from pathlib import Path

import PIL
from PIL import Image, ImageCms, UnidentifiedImageError

from .messages import say
from .storage import store_in_cache

PICTURE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
JPEG_QUALITY = 92


def picture_problem(path: Path, target: str) -> str | None:
    """Why a placed picture cannot be used, or None. (Paths are confined to content/ before this.)"""
    try:
        found = path.is_file()
    except OSError:
        found = False
    if not found:
        return say("picture.file_missing", target=target)
    expected = PICTURE_SUFFIXES[path.suffix.lower()]
    if expected == "SVG":
        head = path.read_bytes()[:4096].lstrip()
        return None if b"<svg" in head else say("picture.not_svg", target=target)
    try:
        with Image.open(path) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        return say("picture.unreadable", target=target)
    if found != expected:
        return say("picture.wrong_ending", target=target, found=found, expected=expected)
    return None


def picture_uris(pictures, colour_space: str, profile: Path, cache: Path) -> dict[Path, str]:
    """Each picture as the data URI the HTML embeds: as it is for the screen, CMYK for the press (conversions
    are kept in `cache`, by the picture's bytes and the profile's, so a rebuild does not convert again)."""
    return {picture.path: _uri(picture.path, colour_space, profile, cache) for picture in pictures}


def _uri(path: Path, colour_space: str, profile: Path, cache: Path) -> str:
    kind = PICTURE_SUFFIXES[path.suffix.lower()]
    data = path.read_bytes()
    if kind == "SVG":
        return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    if colour_space == "cmyk":
        data, kind = _cached_cmyk_jpeg(data, profile, cache), "JPEG"
    return f"data:image/{kind.lower()};base64," + base64.b64encode(data).decode("ascii")


def _cached_cmyk_jpeg(data: bytes, profile: Path, cache: Path) -> bytes:
    key = hashlib.sha256(b"\0".join([data, profile.read_bytes(), str(JPEG_QUALITY).encode(),
                                      PIL.__version__.encode()])).hexdigest()
    kept = cache / f"{key}.jpg"
    try:
        return kept.read_bytes()
    except OSError:
        converted = to_cmyk_jpeg(data, profile)
        store_in_cache(kept, converted)
        return converted


def to_cmyk_jpeg(data: bytes, profile: Path) -> bytes:
    """An RGB, grey or palette picture as a CMYK JPEG for the output intent; transparency set on white paper."""
    with Image.open(io.BytesIO(data)) as image:
        if image.mode == "CMYK":
            converted = image.copy()
        else:
            rgba = image.convert("RGBA")
            paper = Image.new("RGB", rgba.size, (255, 255, 255))
            paper.paste(rgba, mask=rgba.getchannel("A"))
            transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)),
                                                "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
            converted = ImageCms.applyTransform(paper, transform)
        dpi = image.info.get("dpi")
    output = io.BytesIO()
    converted.save(output, "JPEG", quality=JPEG_QUALITY, **({"dpi": dpi} if dpi else {}))
    return output.getvalue()
