"""The work each case times, run inside a fresh child process (see child.py).

A body opens its inputs untimed, then times only its named stages; the child reports the
stages and the harness sums them. Outputs go to a temporary folder, written to disk as the
real commands write them.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from benchmarks import baselines, capabilities
from benchmarks.data import Data


class Stopwatch:
    """Seconds per named stage."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


def _expect(what: str, expected: int, found: int) -> None:
    """A fast figure for work that was not done is worse than none: fail the case instead."""
    if found != expected:
        raise RuntimeError(f"expected {expected} {what}, found {found}")


def _forms(data: Data, n: int) -> list[Path]:
    paths = sorted(data.forms(n).glob("*.docx"))
    _expect("forms", n, len(paths))
    return paths


def forms_tilsyn(data: Data, n: int, watch: Stopwatch) -> dict:
    paths, reader = _forms(data, n), capabilities.docx_reader()
    rows = 0
    with watch.stage("read"):
        for path in paths:
            for table in reader(path):
                rows += sum(1 for row in table.rows if not isinstance(row, Exception))
    _expect("forms read without errors", n, rows)
    return {"rows": rows}


def forms_floor(data: Data, n: int, watch: Stopwatch) -> dict:
    paths = _forms(data, n)
    with watch.stage("read"):
        for path in paths:
            baselines.floor(path)
    return {}


def forms_python_docx(data: Data, n: int, watch: Stopwatch) -> dict:
    paths = _forms(data, n)
    controls = 0
    with watch.stage("read"):
        for path in paths:
            controls += sum(len(v) for v in baselines.python_docx(path).values())
    if controls < n:
        raise RuntimeError(f"python-docx found {controls} content controls in {n} forms")
    return {"controls": controls}


def score(data: Data, n: int, watch: Stopwatch) -> dict:
    records = data.records(n)
    with watch.stage("score"):
        run = capabilities.score(records)
    return {"calls": len(records), "run": type(run).__name__}


def export(data: Data, n: int, watch: Stopwatch) -> dict:
    dataset = capabilities.score(data.records(n))
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "samtaler.xlsx"
        with watch.stage("export"):
            capabilities.export_xlsx(dataset, output)
        return {"bytes": output.stat().st_size}


def validate(data: Data, n: int, watch: Stopwatch) -> dict:
    """`tilsyn validate FILE` as a user runs it, its messages written to a file: free text
    with personal data makes a warning per call, so printing them is part of the work."""
    import contextlib
    import sys

    from tilsyn.cli import main

    path = data.jsonl(n)
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "validate.txt", "w") as out:
        argv, sys.argv = sys.argv, ["tilsyn", "validate", str(path)]
        code = None
        try:
            with watch.stage("validate"), contextlib.redirect_stderr(out):
                try:
                    main()
                except SystemExit as exit:
                    code = exit.code
        finally:
            sys.argv = argv
        _expect("exit code", 0, code or 0)
        return {"calls": n, "message_bytes": out.tell()}


def _pipeline(inputs: Path, n: int, watch: Stopwatch) -> dict:
    """Load, score, report and export, as `validate`, `score`, `report` and `export` do."""
    import tilsyn

    with tempfile.TemporaryDirectory() as tmp:
        with watch.stage("load"):
            result = tilsyn.load([inputs])
        _expect("valid records", n, len(result.records))
        with watch.stage("score"):
            dataset = capabilities.score(result.records, result.files)
        with watch.stage("report"):
            capabilities.render_report(dataset, Path(tmp) / "rapport.docx")
        with watch.stage("export"):
            capabilities.export_xlsx(dataset, Path(tmp) / "samtaler.xlsx")
    return {"calls": len(result.records)}


def pipeline_forms(data: Data, n: int, watch: Stopwatch) -> dict:
    return _pipeline(data.forms(n), n, watch)


def pipeline_jsonl(data: Data, n: int, watch: Stopwatch) -> dict:
    return _pipeline(data.jsonl(n), n, watch)


Body = Callable[[Data, int, Stopwatch], dict]
BODIES: dict[str, Body] = {
    "forms-tilsyn": forms_tilsyn,
    "forms-floor": forms_floor,
    "forms-python-docx": forms_python_docx,
    "score": score,
    "validate": validate,
    "export": export,
    "pipeline-forms": pipeline_forms,
    "pipeline-jsonl": pipeline_jsonl,
}
