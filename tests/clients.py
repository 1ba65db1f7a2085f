"""Real clients (LibreOffice, pandoc) used to check what tilsyn writes."""

import os
import shutil

import pytest


def need_client(*programs: str) -> None:
    """Skip when a real client is missing, except in CI (TILSYN_REQUIRE_CLIENTS=1): fail there."""
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        if os.environ.get("TILSYN_REQUIRE_CLIENTS"):
            pytest.fail(f"required client(s) missing in CI: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")
