"""
What is inside an uploaded file, beyond its first bytes: a PDF is parsed in full and must
carry no active content (JavaScript, launch actions, embedded files); an image is decoded
in full and re-encoded without its metadata (EXIF, GPS, text chunks), so that staff only
ever open pixels we wrote. Only the upload checker imports this (pypdf and Pillow).
"""

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

# About 40 megapixels (an 8000 x 5000 photo): decoded as RGBA that is 160 MB, within the
# upload checker's memory (MemorySize in infra/template.yaml).
MAX_IMAGE_PIXELS = 40_000_000
JPEG_QUALITY = 90
_IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}

# PDF names that make a reader run, launch or unpack something. Keys of a dictionary
# (`/JS`, `/EmbeddedFiles`) and name values (`/S /Launch`, `/Type /EmbeddedFile`) alike;
# pypdf decodes `#xx` escapes, so `/J#61vaScript` is `/JavaScript` here.
_ACTIVE_CONTENT = {
    "/JS": "pdf_javascript",
    "/JavaScript": "pdf_javascript",
    "/XFA": "pdf_javascript",  # XFA forms carry their scripts in XML streams
    "/Launch": "pdf_launch_action",
    # Actions that reach outside the file when it is opened: another file (a UNC path there
    # hands the reader's Windows login to a remote host), a form posted away, data loaded.
    "/GoToR": "pdf_external_action",
    "/GoToE": "pdf_external_action",
    "/SubmitForm": "pdf_external_action",
    "/ImportData": "pdf_external_action",
    # Media players, historically a way in.
    "/Rendition": "pdf_embedded_file",
    "/Sound": "pdf_embedded_file",
    "/Movie": "pdf_embedded_file",
    "/EmbeddedFiles": "pdf_embedded_file",
    "/EmbeddedFile": "pdf_embedded_file",
    "/EF": "pdf_embedded_file",
    "/RichMedia": "pdf_embedded_file",
}


@dataclass(frozen=True)
class Inspection:
    """
    Why the file must be quarantined (None if not), and what to keep once accepted: new
    content (a re-encoded image), or None for the file as uploaded.
    """

    reason: str | None
    content: bytes | None = None


def inspect_content(content_type: str, data: bytes) -> Inspection:
    """Inspect a file whose type, size and first bytes already passed (uploads.py)."""
    if content_type in _IMAGE_FORMATS:
        return _reencoded(data, _IMAGE_FORMATS[content_type])
    return Inspection(pdf_rejection_reason(data))


def pdf_rejection_reason(data: bytes) -> str | None:
    """Why a PDF must be quarantined: it cannot be read, or it carries active content."""
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return "pdf_encrypted"  # we cannot look inside without its password
        return _active_content(reader.trailer)
    # A parser fed hostile bytes fails in many ways (pypdf's own errors, but also
    # ValueError, KeyError, RecursionError...): every one means "not a readable PDF".
    except Exception:
        return "pdf_unreadable"


def _active_content(root: PdfObject) -> str | None:
    """Walk every object reachable from the trailer, each once, without recursion."""
    pending: list[PdfObject | None] = [root]
    seen: set[tuple[int, int]] = set()
    while pending:
        current = pending.pop()
        if isinstance(current, IndirectObject):
            if (current.idnum, current.generation) in seen:
                continue
            seen.add((current.idnum, current.generation))
            current = current.get_object()
        if isinstance(current, NameObject) and str(current) in _ACTIVE_CONTENT:
            return _ACTIVE_CONTENT[str(current)]
        if isinstance(current, DictionaryObject):  # streams included
            for key, value in current.items():
                if str(key) in _ACTIVE_CONTENT:
                    return _ACTIVE_CONTENT[str(key)]
                pending.append(value)
        elif isinstance(current, ArrayObject):
            pending.extend(current)
    return None


def _reencoded(data: bytes, image_format: str) -> Inspection:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=[image_format]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return Inspection("image_too_large")
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
                return Inspection(None, _without_metadata(image, image_format))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Inspection("image_too_large")
    except Exception:  # a decoder fed hostile bytes: anything it raises means unreadable
        return Inspection("image_unreadable")


def _without_metadata(image: Image.Image, image_format: str) -> bytes:
    """Only the pixels, turned upright as EXIF said, in a fresh image of a plain mode."""
    upright = ImageOps.exif_transpose(image) or image
    has_alpha = upright.mode in {"LA", "RGBA", "PA"} or "transparency" in upright.info
    if image_format == "JPEG":
        mode = "L" if upright.mode == "L" else "RGB"
    elif upright.mode in {"1", "L"} and not has_alpha:
        mode = upright.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    pixels = upright.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # no info, no EXIF, no ICC
    out = BytesIO()
    if image_format == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        clean.save(out, "PNG")
    return out.getvalue()
