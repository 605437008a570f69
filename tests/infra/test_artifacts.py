"""
The artifacts `make package` builds for the Lambda runtime (Python 3.13, arm64): what
they hold and leave out, babel trimmed to the portal's locales, and their size.
"""

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from portal.domain.cases import LANGUAGES
from portal.packaging.sizes import LIMIT_BYTES, Artifact, folder_size
from tests.infra.conftest import run_isolated

pytestmark = pytest.mark.slow

TRANSLATED = LANGUAGES[1:]
# An EXIF block with a camera make: the re-encoded image must carry none.
EXIF = Image.Exif()
EXIF[0x010F] = "Camera"
SDK_IMPORTS = (
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "dateutil",
    "six.py",
    "urllib3",
    "snapshot_restore_py",
)


def any_artifact(artifacts: dict[str, Artifact]) -> Path:
    return artifacts["ApiFunction"].function.code_dir


def test_each_function_has_its_folder_and_zip_with_the_handlers(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    for artifact in lambda_artifacts.values():
        names = set(zipfile.ZipFile(artifact.function.archive).namelist())

        assert (artifact.function.code_dir / "portal" / "api" / "app.py").is_file()
        assert "portal/api/app.py" in names
        assert "portal/workers/send_mail.py" in names
        assert "aws_lambda_powertools/__init__.py" in names


def test_the_compiled_catalogs_sit_beside_the_package(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    names = set(zipfile.ZipFile(lambda_artifacts["MailFunction"].function.archive).namelist())

    for lang in TRANSLATED:
        assert f"portal/locales/{lang}/LC_MESSAGES/portal.mo" in names
    assert not [name for name in names if name.endswith(".po")]


def test_the_site_local_tools_and_the_sdk_are_left_out(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    root = any_artifact(lambda_artifacts)

    for part in ("site", "local", "packaging", "cli", "template.py"):
        assert not (root / "portal" / part).exists(), part
    for sdk in SDK_IMPORTS:
        assert not (root / sdk).exists(), sdk
    assert not (root / "bin").exists()
    assert not list(root.rglob("__pycache__"))


def test_compiled_dependencies_are_built_for_python_3_13_on_arm64(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    root = any_artifact(lambda_artifacts)

    extensions = [path.name for path in (root / "pydantic_core").glob("*.so")]

    assert extensions == ["_pydantic_core.cpython-313-aarch64-linux-gnu.so"]


def test_babel_keeps_only_the_portal_locales(lambda_artifacts: dict[str, Artifact]) -> None:
    data = any_artifact(lambda_artifacts) / "babel" / "locale-data"

    kept = {path.stem for path in data.glob("*.dat")}

    assert kept == {"root", "en", "en_001", "en_IE", "fr", "nl", "de", "es", "it"}


def test_trimmed_babel_formats_dates_in_every_portal_language(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    # Babel is pure Python, so the arm64 artifact's copy runs here.
    code = """
import json
from datetime import date
from babel.dates import format_date
print(json.dumps({
    locale: format_date(date(2026, 6, 30), "long", locale=locale)
    for locale in ("en_IE", "fr", "nl", "de", "es", "it")
}))
"""
    formatted = json.loads(run_isolated(code, any_artifact(lambda_artifacts)))

    assert formatted == {
        "en_IE": "30 June 2026",
        "fr": "30 juin 2026",
        "nl": "30 juni 2026",
        "de": "30. Juni 2026",
        "es": "30 de junio de 2026",
        "it": "30 giugno 2026",
    }


def test_a_locale_the_portal_does_not_use_is_gone(lambda_artifacts: dict[str, Artifact]) -> None:
    code = """
from babel import Locale, UnknownLocaleError
try:
    Locale.parse("pt")
except UnknownLocaleError:
    print("unknown")
"""
    assert run_isolated(code, any_artifact(lambda_artifacts)).strip() == "unknown"


def test_the_catalogs_are_found_in_the_artifact(lambda_artifacts: dict[str, Artifact]) -> None:
    root = any_artifact(lambda_artifacts)
    code = """
from portal.i18n import locales_dir, translations
print(locales_dir())
print(translations("fr").gettext("The Back Market legal team"))
"""
    folder, signature = run_isolated(code, root).splitlines()

    assert Path(folder) == root / "portal" / "locales"
    assert signature != "The Back Market legal team"


def test_every_zip_is_within_the_size_limit(lambda_artifacts: dict[str, Artifact]) -> None:
    for artifact in lambda_artifacts.values():
        assert artifact.zipped_bytes == artifact.function.archive.stat().st_size
        assert artifact.unzipped_bytes == folder_size(artifact.function.code_dir)
        assert artifact.zipped_bytes <= artifact.limit_bytes, artifact.function.name
        assert artifact.limit_bytes == LIMIT_BYTES


def test_the_zip_holds_exactly_the_function_folder(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    for artifact in lambda_artifacts.values():
        folder = artifact.function.code_dir

        with zipfile.ZipFile(artifact.function.archive) as zipped:
            entries = {info.filename: info.file_size for info in zipped.infolist()}

        files = {
            path.relative_to(folder).as_posix(): path.stat().st_size
            for path in folder.rglob("*")
            if path.is_file()
        }
        assert entries == files


def image(image_format: str, **params: object) -> bytes:
    out = BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, image_format, **params)
    return out.getvalue()


def test_the_upload_checker_decodes_images_and_reads_pdfs_from_its_artifact(
    host_artifacts: dict[str, Artifact],
) -> None:
    # Pillow's unused native parts and formats are left out; what the checker needs must
    # still load, and a file of another format is still refused.
    root = host_artifacts["UploadCheckFunction"].function.code_dir
    code = f"""
import json
from io import BytesIO
from PIL import Image
from pypdf import PdfReader, PdfWriter
from portal.domain.inspection import inspect_content
reasons = {{}}
for kind, data in (("image/png", {image("PNG", exif=EXIF)!r}),
                   ("image/jpeg", {image("JPEG", exif=EXIF)!r})):
    inspection = inspect_content(kind, data)
    reasons[kind] = inspection.reason
    assert Image.open(BytesIO(inspection.content)).getexif() == {{}}, kind
writer, pdf = PdfWriter(), BytesIO()
writer.add_blank_page(100, 100)
writer.write(pdf)
reasons["application/pdf"] = inspect_content("application/pdf", pdf.getvalue()).reason
reasons["gif as png"] = inspect_content("image/png", {image("GIF")!r}).reason
reasons["png as jpeg"] = inspect_content("image/jpeg", {image("PNG")!r}).reason
print(json.dumps(reasons))
"""

    assert json.loads(run_isolated(code, root)) == {
        "image/png": None,
        "image/jpeg": None,
        "application/pdf": None,
        "gif as png": "image_unreadable",
        "png as jpeg": "image_unreadable",
    }
    assert not list(root.glob("PIL/_avif.*"))
    assert not list(root.glob("PIL/GifImagePlugin.*"))


def test_the_upload_checker_leaves_out_what_it_prunes_and_what_only_that_needs(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    # pydantic_core is most of the 5 MB target; the checker's import-linter contract keeps
    # it from being needed (a missing one fails test_handler_imports.py).
    pruned = (
        "pydantic", "pydantic_core", "email_validator", "idna", "babel", "altcha", "tzdata",
        "jinja2", "markupsafe",
    )  # fmt: skip
    checker = lambda_artifacts["UploadCheckFunction"]
    api = lambda_artifacts["ApiFunction"]

    assert checker.function.pruned_dependencies == (
        "pydantic", "babel", "altcha", "tzdata", "jinja2",
    )  # fmt: skip
    assert [p for p in pruned if (checker.function.code_dir / p).exists()] == []
    assert [p for p in pruned if not (api.function.code_dir / p).exists()] == []
    assert (checker.function.code_dir / "aws_lambda_powertools").is_dir()


def test_only_the_upload_checker_carries_the_pdf_and_image_libraries(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    carrying = {
        name
        for name, artifact in lambda_artifacts.items()
        if {"pypdf/__init__.py", "PIL/__init__.py"}
        <= set(zipfile.ZipFile(artifact.function.archive).namelist())
    }

    assert carrying == {"UploadCheckFunction"}
