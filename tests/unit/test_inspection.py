"""
What the upload checker finds inside a file: PDFs without active content, images decoded
in full and re-encoded without metadata.
"""

from io import BytesIO

import pytest
from PIL import Image

from portal.domain.inspection import inspect_content
from tests import documents


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (documents.pdf_with_javascript(), "pdf_javascript"),
        (documents.pdf_with_escaped_javascript_name(), "pdf_javascript"),
        (documents.pdf_with_launch_action(), "pdf_launch_action"),
        (documents.pdf_with_remote_file_action(), "pdf_external_action"),
        (documents.pdf_with_form_posted_away(), "pdf_external_action"),
        (documents.pdf_with_embedded_file(), "pdf_embedded_file"),
        (b"%PDF-1.7\n" + b"0" * 2000, "pdf_unreadable"),
        (documents.pdf()[:200], "pdf_unreadable"),
    ],
)
def test_a_pdf_with_active_content_or_unreadable_is_refused(data: bytes, reason: str) -> None:
    assert inspect_content("application/pdf", data).reason == reason


def test_a_plain_pdf_is_kept_as_uploaded() -> None:
    inspection = inspect_content("application/pdf", documents.pdf(pages=2))

    assert (inspection.reason, inspection.content) == (None, None)


def test_a_jpeg_is_reencoded_without_exif_gps_or_comment() -> None:
    inspection = inspect_content("image/jpeg", documents.jpeg_with_gps(size=(80, 60)))

    assert inspection.reason is None and inspection.content is not None
    image = Image.open(BytesIO(inspection.content))
    assert (image.format, image.size) == ("JPEG", (80, 60))
    assert not image.getexif()
    assert "comment" not in image.info


def test_a_png_keeps_its_transparency_and_loses_its_text_chunks() -> None:
    original = Image.new("RGBA", (10, 10), (1, 2, 3, 4))
    source = BytesIO()
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "Jane Doe, Rue de Rivoli 1")
    original.save(source, "PNG", pnginfo=text)

    inspection = inspect_content("image/png", source.getvalue())

    assert inspection.content is not None
    image = Image.open(BytesIO(inspection.content))
    assert image.mode == "RGBA" and image.getpixel((0, 0)) == (1, 2, 3, 4)
    assert "Author" not in image.info


def test_an_image_too_large_to_decode_safely_is_refused() -> None:
    assert inspect_content("image/png", documents.png_claiming(9000, 9000)).reason == (
        "image_too_large"
    )


def test_an_image_of_another_format_than_declared_is_refused() -> None:
    assert inspect_content("image/png", documents.jpeg_with_gps()).reason == "image_unreadable"
