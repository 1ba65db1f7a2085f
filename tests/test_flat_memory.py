"""Validation streams: the peak memory of `tilsyn validate` does not grow with the input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.factories import valid_call


@pytest.mark.slow  # two whole processes on 20,000 calls: left out of the inner loop
def test_a_large_jsonl_is_validated_in_flat_memory(tmp_path):
    """Peak memory of `tilsyn validate` on 20,000 calls stays near that on 1,000."""
    line = json.dumps(valid_call(), ensure_ascii=False)
    peaks = {}
    for count in (1_000, 20_000):
        path = tmp_path / f"calls-{count}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i in range(count):
                handle.write(line.replace('"VL-001"', f'"B-{i}"') + "\n")
        code = (
            "import resource, sys\nfrom tilsyn.cli import main\nsys.argv=['tilsyn','validate','-q',"
            f"{str(path)!r}]\ntry:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        peaks[count] = int(done.stdout.split()[-1])
    assert peaks[20_000] - peaks[1_000] < 15 * 1024, peaks  # KiB: the 20x input costs < 15 MB
