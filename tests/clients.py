"""Real clients (LibreOffice, pandoc) used to check what tilsyn writes."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def need_client(*programs: str) -> None:
    """Skip when a real client is missing, except in CI (TILSYN_REQUIRE_CLIENTS=1): fail there."""
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        if os.environ.get("TILSYN_REQUIRE_CLIENTS"):
            pytest.fail(f"required client(s) missing in CI: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")


def to_pdf(
    documents: list[Path],
    folder: Path,
    office: str = "soffice",
    env: dict[str, str] | None = None,
    timeout: int = 240,
) -> Path:
    """Convert documents to PDF with LibreOffice (`office`), in one call with a profile of its
    own in `folder`; returns the folder of the PDFs (`folder / "pdf"`, named as the inputs)."""
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    return folder / "pdf"
