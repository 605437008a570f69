"""What an artifact leaves out of its dependencies: here, tzdata's unused zones."""

from pathlib import Path

from portal.domain.deadlines import OPERATOR_TIME_ZONE
from portal.packaging.content import KEPT_ZONES, remove_dead_weight


def test_tzdata_keeps_the_operators_zone_and_its_packages_only(tmp_path: Path) -> None:
    zones = tmp_path / "tzdata" / "zoneinfo"
    for name in ("Europe/Paris", "Europe/Berlin", "America/New_York", "UTC"):
        (zones / name).parent.mkdir(parents=True, exist_ok=True)
        (zones / name).write_bytes(b"TZif")
    for package in (zones, zones / "Europe", zones / "America"):
        (package / "__init__.py").write_text("")

    remove_dead_weight(tmp_path)

    kept = sorted(p.relative_to(zones).as_posix() for p in zones.rglob("*") if p.is_file())
    assert kept == ["America/__init__.py", "Europe/Paris", "Europe/__init__.py", "__init__.py"]
    assert OPERATOR_TIME_ZONE.key in KEPT_ZONES
