"""The benchmarks cannot rot: the generator makes valid data and a smoke run produces figures.

No timing is asserted here; speed is measured by `python -m benchmarks` (benchmarks/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest

import tilsyn
from benchmarks import synthetic
from benchmarks.capabilities import Unavailable, need
from benchmarks.cases import CASES, TARGETS, evaluate
from benchmarks.data import KEEP_OLD, Data
from benchmarks.measure import ROOT, run_process
from benchmarks.run import parse_args
from tilsyn.survey import get_survey

pytestmark = pytest.mark.slow  # whole processes and real files: left out of the inner loop


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "calls.jsonl"
    return list(synthetic.records(400)), synthetic.write_jsonl(path, 400)


def test_generated_records_are_all_valid(generated):
    _, path = generated
    result = tilsyn.load([path])
    assert result.errors == []
    assert len(result.records) == 400
    assert len({r.key for r in result.records}) == 400


def test_generated_free_text_holds_personal_data_that_is_found(generated):
    """The speed targets count only if the notes hold what real notes hold (issue #18)."""
    _, path = generated
    warned = {d.key for d in tilsyn.load([path]).warnings if d.code == "PRIV001"}
    assert len(warned) > 0.8 * 400


def test_generated_records_use_every_code_and_both_sides_of_every_relevance_rule(generated):
    records, _ = generated
    survey = get_survey("nks-call")
    seen = defaultdict(set)
    for record in records:
        for name, value in record.items():
            seen[name].update(value if isinstance(value, list) else [value])
    for f in survey.fields:
        if f.is_choice:
            assert seen[f.name] == set(f.codes), f.name
        if f.relevant is not None:
            assert 0 < sum(f.name in r for r in records) < len(records), f.name


def test_generator_is_seeded():
    assert list(synthetic.records(20, seed=7)) == list(synthetic.records(20, seed=7))
    assert list(synthetic.records(20, seed=7)) != list(synthetic.records(20, seed=8))


def test_inputs_of_old_versions_are_pruned_and_a_finished_input_is_reused(tmp_path):
    import os

    for age in range(KEEP_OLD + 2):
        old = tmp_path / f"{age:016x}"
        old.mkdir()
        os.utime(old, (1000 + age, 1000 + age))
    (tmp_path / "notes").mkdir()  # not a version folder: left alone
    data = Data.for_version(tmp_path, seed=3)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted(
        [data.root.name, "notes", *(f"{age:016x}" for age in range(2, KEEP_OLD + 2))]
    )
    first = data.jsonl(5)
    stamp = first.stat().st_mtime_ns
    assert data.jsonl(5) == first and first.stat().st_mtime_ns == stamp
    assert len(first.read_text(encoding="utf-8").splitlines()) == 5
    assert Data.for_version(tmp_path, seed=3).root == data.root
    assert Data.for_version(tmp_path, seed=4).root != data.root


def _case(n, median, peak=100.0):
    return {"n": n, "status": "ok", "seconds": {"median": median}, "peak_rss_mb": {"max": peak}}


def _target(results, text):
    return next(t for t in results if t["target"].startswith(text))


def test_targets_are_judged_only_at_their_size():
    met = evaluate({"score": _case(100_000, 4.0), "export": _case(100_000, 10.0, peak=2048)})
    assert _target(met, "scoring 100,000")["met"] is True
    assert _target(met, "export of 100,000 calls under 1 GB")["met"] is False
    assert _target(met, "export of 100,000 calls under 30 s")["met"] is True
    missed = evaluate({"score": _case(100_000, 6.0)})
    assert _target(missed, "scoring 100,000")["met"] is False
    small = evaluate({"score": _case(50, 0.01)})
    assert _target(small, "scoring 100,000")["met"] is None
    assert len(small) == len(TARGETS)


def test_form_reading_ratios():
    cases = {
        "forms-floor": _case(1000, 1.0),
        "forms-tilsyn": _case(1000, 1.5),
        "forms-python-docx": _case(1000, 9.0),
    }
    results = evaluate(cases)
    assert _target(results, "form reading at most 2x")["measured"] == "1.50x"
    assert _target(results, "form reading at most 2x")["met"] is True
    assert _target(results, "form reading at least 5x")["met"] is True
    cases["forms-python-docx"] = _case(1000, 6.0)
    assert _target(evaluate(cases), "form reading at least 5x")["met"] is False


def test_peak_memory_is_the_measured_process_own_not_its_parent():
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so resident in this process
    small = run_process([sys.executable, "-c", "pass"])
    large = run_process(
        [
            sys.executable,
            "-c",
            "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])",
        ]
    )
    del ballast
    assert small.returncode == large.returncode == 0
    assert small.peak_rss_mb < 100 < 200 < large.peak_rss_mb < 300
    assert 0 < small.wall_seconds


def test_a_failing_process_reports_its_exit_code_and_error():
    failed = run_process([sys.executable, "-c", "import sys; sys.exit('broken input')"])
    assert failed.returncode == 1
    assert "broken input" in failed.stderr


def test_a_missing_capability_is_unavailable_not_a_crash():
    assert callable(need("tilsyn.scoring", "score"))
    with pytest.raises(Unavailable, match="tilsyn.no_such_capability"):
        need("tilsyn.no_such_capability", "run")
    with pytest.raises(Unavailable, match="tilsyn.scoring.no_such_function"):
        need("tilsyn.scoring", "no_such_function")


def test_unknown_case_is_a_usage_error():
    with pytest.raises(SystemExit) as stop:
        parse_args(["--only", "no-such-case"])
    assert stop.value.code == 2


def test_smoke_run_produces_every_figure(tmp_path):
    output = tmp_path / "smoke.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--smoke",
            "-o",
            output,
            "--data-dir",
            tmp_path / "data",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["mode"] == "smoke"
    assert results["machine"]["nproc"] >= 1 and results["machine"]["python"]
    assert list(results["cases"]) == [case.name for case in CASES]
    for case in CASES:
        figures = results["cases"][case.name]
        assert figures["n"] == case.smoke_n
        assert f"| {case.name} |" in proc.stdout
        if case.smoke_skip:
            assert figures["status"] == "skipped"
            continue
        assert figures["status"] == "ok", (case.name, figures["reason"])
        assert len(figures["runs"]) == 1
        assert figures["seconds"]["median"] > 0
        assert figures["peak_rss_mb"]["max"] > 10
    assert results["cases"]["startup-tilsyn"]["status"] == "ok"
    assert "tilsyn.cli" in results["cases"]["startup-tilsyn"]["extra"]["modules"]
    assert len(results["targets"]) == len(TARGETS)
