"""The benchmark command: prepare inputs, run every case in fresh processes, print, save JSON.

python -m benchmarks [--smoke] [--only NAME ...] [--repeat N] [-o results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import capabilities, startup, synthetic
from benchmarks.cases import (
    BY_NAME,
    CASES,
    Case,
    cpu_ratio,
    evaluate,
    memory_ratio,
    ratio,
    size_ratio,
)
from benchmarks.data import Data
from benchmarks.machine import describe
from benchmarks.measure import ROOT, run_process, summary
from benchmarks.table import render

RESULTS = ROOT / "benchmarks" / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes and one run per case: checks that the benchmarks work, "
        "not how fast tilsyn is",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        choices=list(BY_NAME),
        help="run only this case (repeatable); one of: " + ", ".join(BY_NAME),
    )
    parser.add_argument(
        "--repeat",
        type=int,
        metavar="N",
        help="runs per case (default: per case, 3 to 11; 1 with --smoke)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="results JSON (default: benchmarks/results/<full|smoke>.json)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=RESULTS / "data",
        help="where generated inputs are kept between runs (default: benchmarks/results/data)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=synthetic.SEED,
        help=f"seed of the synthetic data (default: {synthetic.SEED})",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(case: Case, data: Data, n: int) -> None:
    """Make the case's input before any run, so no measured process pays for it."""
    if case.needs:
        getattr(data, case.needs)(n)


def run_once(case: Case, n: int, data: Data) -> dict:
    """One run in a fresh process: its figures, or the status and reason why there are none."""
    if case.command or case.cli:
        with tempfile.TemporaryDirectory() as tmp:
            source = getattr(data, case.needs)(n) if case.needs else ""
            argv = list(case.command) or [
                "-m",
                "tilsyn",
                *(a.format(input=source) for a in case.cli),
                "-o",
                str(Path(tmp) / case.output),
                "-q",
            ]
            proc = run_process([sys.executable, *argv])
        extra = {"cpu_seconds": proc.cpu_seconds}
        if source:
            extra["input_mb"] = Path(source).stat().st_size / 2**20
        reply = {"stages": {"wall": proc.wall_seconds}, "extra": extra}
    else:
        proc = run_process(
            [
                sys.executable,
                "-m",
                "benchmarks.child",
                case.body,
                str(n),
                str(data.root),
                str(data.seed),
            ]
        )
        reply = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {}
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        return {"status": "failed", "reason": tail[0]}
    if "unavailable" in reply:
        return {"status": "not available", "reason": reply["unavailable"]}
    return {
        "seconds": sum(reply["stages"].values()),
        "peak_rss_mb": proc.peak_rss_mb,
        "stages": reply["stages"],
        "extra": reply["extra"],
    }


def summarise(runs: list[dict]) -> dict:
    """Median, min and max of the runs' seconds and peak RSS; the median of each stage."""
    return {
        "status": "ok",
        "reason": "",
        "seconds": summary([r["seconds"] for r in runs]),
        "peak_rss_mb": summary([r["peak_rss_mb"] for r in runs]),
        "stages": {k: summary([r["stages"][k] for r in runs])["median"] for k in runs[0]["stages"]},
        "extra": {
            **runs[-1]["extra"],
            **(
                {"cpu_seconds": summary([r["extra"]["cpu_seconds"] for r in runs])}
                if "cpu_seconds" in runs[-1]["extra"]
                else {}
            ),
        },
        "runs": runs,
    }


def startup_modules() -> dict:
    """The modules `python -m tilsyn --help` imports, which of them are heavy, and the import
    time per top-level package (from one `-X importtime` run, which itself slows imports)."""
    _, found = startup.imported_modules()
    modules = [name for name, _ in found]
    return {
        "modules": modules,
        "heavy_modules": startup.heavy(modules),
        "import_ms_by_package": startup.by_package(found),
    }


def comparisons(cases: dict) -> list[dict]:
    out = []
    for what, slow, fast in (
        ("tilsyn reader / floor (target <= 2)", "forms-tilsyn", "forms-floor"),
        ("python-docx / tilsyn reader (target >= 5)", "forms-python-docx", "forms-tilsyn"),
        ("`tilsyn --help` / `python -c pass`", "startup-tilsyn", "startup-python"),
        ("`tilsyn report sample_data/` / import floor (target <= 2)", "report-59", "report-floor"),
        ("`tilsyn report`, 10,000 calls / import floor", "report-10000", "report-floor"),
        (
            "`tilsyn export`, personal data in the free text / none (what finding it costs)",
            "export-personal",
            "export-plain",
        ),
        (
            "`report saved.json` / `report calls.jsonl`, 5,000 calls",
            "report-saved-5k",
            "report-data-5k",
        ),
        (
            "`report saved.json` / `report calls.jsonl`, 20,000 calls",
            "report-saved-20k",
            "report-data-20k",
        ),
    ):
        value = ratio(slow, fast, cases, same_size=not slow.startswith("report"))
        out.append({"what": what, "value": "not measured" if value is None else f"{value:.2f}x"})
    out += saved_comparisons(cases)
    tilsyn, bare = cases.get("startup-tilsyn"), cases.get("startup-python")
    if tilsyn and bare and tilsyn["status"] == bare["status"] == "ok":
        extra = tilsyn["seconds"]["median"] - bare["seconds"]["median"]
        out.append(
            {
                "what": "`tilsyn --help` start-up beyond the bare interpreter",
                "value": f"{extra * 1000:.0f} ms",
            }
        )
        out.append(
            {
                "what": "modules imported by `tilsyn --help`",
                "value": str(len(tilsyn["extra"]["modules"])),
            }
        )
        slowest = list(tilsyn["extra"]["import_ms_by_package"].items())[:6]
        out.append(
            {
                "what": "slowest imports of `tilsyn --help` (ms, by package, -X importtime)",
                "value": ", ".join(f"{name} {ms:.0f}" for name, ms in slowest),
            }
        )
    return out


def saved_comparisons(cases: dict) -> list[dict]:
    """A saved dataset beside the data it came from: the file's size and the report's memory."""
    out = []
    for n in ("5k", "20k"):
        for what, check in (
            ("saved dataset / JSON Lines, size", size_ratio),
            ("`report saved.json` / `report calls.jsonl`, CPU time", cpu_ratio),
            ("`report saved.json` / `report calls.jsonl`, peak memory", memory_ratio),
        ):
            value = check(f"report-saved-{n}", f"report-data-{n}", cases)
            shown = "not measured" if value is None else f"{value:.2f}x"
            out.append({"what": f"{what}, {n.replace('k', ',000')} calls", "value": shown})
    return out


def compile_tilsyn() -> None:
    """Compile tilsyn's modules to bytecode before any run, as `pip install` does for an
    installed package and for every library of the import floor. An editable install leaves
    that to the first import, and where PYTHONDONTWRITEBYTECODE is set (some CI machines) every
    process would compile tilsyn again: 90 ms of a report that a user never pays."""
    import compileall
    import py_compile

    import tilsyn

    compileall.compile_dir(
        Path(tilsyn.__file__).parent,
        quiet=1,
        invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP,
    )


def run(args: argparse.Namespace) -> dict:
    """Prepare every input, then run the cases in rounds (one run of each case per round), so
    that a baseline and tilsyn share the machine's load as evenly as possible."""
    mode = "smoke" if args.smoke else "full"
    selected = [BY_NAME[name] for name in args.only] if args.only else list(CASES)
    data = Data.for_version(args.data_dir, args.seed)
    cases: dict[str, dict] = {}
    outcome: dict[str, dict] = {}
    plan: list[tuple[Case, int, int]] = []
    for case in selected:
        n = case.smoke_n if args.smoke else case.n
        cases[case.name] = {"title": case.title, "n": n, "unit": case.unit}
        if args.smoke and case.smoke_skip:
            outcome[case.name] = {"status": "skipped", "reason": case.smoke_skip}
            continue
        _log(f"preparing {case.name} (n={n:,})")
        try:
            prepare(case, data, n)
        except capabilities.Unavailable as missing:
            outcome[case.name] = {"status": "not available", "reason": str(missing)}
            continue
        except Exception as exc:  # a broken capability fails its case, not the whole run
            outcome[case.name] = {"status": "failed", "reason": f"making its input: {exc!r}"}
            continue
        plan.append((case, n, args.repeat or (1 if args.smoke else case.repeat)))
    compile_tilsyn()
    runs: dict[str, list[dict]] = {case.name: [] for case, _, _ in plan}
    for round_ in range(max((repeat for _, _, repeat in plan), default=0)):
        for case, n, repeat in plan:
            if round_ >= repeat or case.name in outcome:
                continue
            result = run_once(case, n, data)
            if "status" in result:
                outcome[case.name] = result
                continue
            runs[case.name].append(result)
            _log(f"{case.name} run {round_ + 1}/{repeat}: {result['seconds']:.3f} s")
    for case, _, _ in plan:
        if case.name not in outcome:
            outcome[case.name] = summarise(runs[case.name])
    for name, figures in cases.items():
        figures.update(outcome[name])
    if cases.get("startup-tilsyn", {}).get("status") == "ok":
        cases["startup-tilsyn"]["extra"] = startup_modules()
    return {
        "mode": mode,
        "seed": args.seed,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": describe(),
        "cases": cases,
        "comparisons": comparisons(cases),
        "targets": evaluate(cases),
    }


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every case ran or is not available yet, 1 when a case crashed."""
    args = parse_args(argv)
    results = run(args)
    output = args.output or RESULTS / f"{results['mode']}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(render(results))
    _log(f"results written to {output}")
    return 1 if any(c["status"] == "failed" for c in results["cases"].values()) else 0
