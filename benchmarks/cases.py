"""What is measured (cases), at which size, how often, and the targets the figures must meet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from benchmarks.startup import BARE, HELP, REPORT_FLOOR


@dataclass(frozen=True)
class Case:
    """One benchmark: a body timed inside a child process, or a whole command timed outside."""

    name: str
    title: str
    n: int
    smoke_n: int
    repeat: int
    body: str = ""  # a key of bodies.BODIES
    command: tuple[str, ...] = ()  # or python arguments, timed as a whole process
    cli: tuple[str, ...] = ()  # or a whole `tilsyn` process on the input ("{input}")
    unit: str = ""  # per-item figures: "form", "call"
    needs: str = ""  # input made beforehand: forms, records, jsonl, jsonl_plain, sample
    output: str = "out.docx"  # the file a whole `tilsyn` process writes (cli cases)
    smoke_skip: str = ""  # why --smoke leaves it out (its code runs in another case)


CASES: tuple[Case, ...] = (
    Case("startup-python", "`python -c pass` (bare interpreter)", 1, 1, 11, command=tuple(BARE)),
    Case("startup-tilsyn", "`python -m tilsyn --help`", 1, 1, 11, command=tuple(HELP)),
    Case(
        "forms-floor",
        "read forms: zipfile + lxml parse only (floor)",
        1000,
        5,
        5,
        body="forms-floor",
        unit="form",
        needs="forms",
    ),
    Case(
        "forms-tilsyn",
        "read forms: tilsyn's .docx reader",
        1000,
        5,
        5,
        body="forms-tilsyn",
        unit="form",
        needs="forms",
    ),
    Case(
        "forms-python-docx",
        "read forms: python-docx reader (baseline)",
        1000,
        5,
        3,
        body="forms-python-docx",
        unit="form",
        needs="forms",
    ),
    Case(
        "validate",
        "`tilsyn validate` calls whose free text holds personal data",
        100_000,
        50,
        3,
        body="validate",
        unit="call",
        needs="jsonl",
    ),
    Case(
        "score",
        "score calls (nks-call catalogue)",
        100_000,
        50,
        5,
        body="score",
        unit="call",
        needs="records",
    ),
    Case(
        "report-floor",
        "`python -c 'import docx, openpyxl, lxml.etree, jinja2'` (report floor)",
        1,
        1,
        7,
        command=tuple(REPORT_FLOOR),
    ),
    Case(
        "report-59",
        "`tilsyn report sample_data/` (whole process)",
        59,
        59,
        7,
        cli=("report", "{input}"),
        unit="call",
        needs="sample",
    ),
    Case(
        "report-10000",
        "`tilsyn report calls.jsonl` (whole process)",
        10_000,
        20,
        3,
        cli=("report", "{input}"),
        unit="call",
        needs="jsonl",
        smoke_skip="same code as report-59",
    ),
    *(
        Case(
            f"report-{kind}-{n // 1000}k",
            f"`tilsyn report {name}` (whole process)",
            n,
            20,
            5,
            cli=("report", "{input}"),
            unit="call",
            needs=needs,
            smoke_skip="same code as the 5,000 calls" if n > 5000 else "",
        )
        for n in (5000, 20_000)
        for kind, name, needs in (
            ("data", "calls.jsonl", "jsonl"),
            ("saved", "saved.json", "saved"),
        )
    ),
    Case(
        "export",
        "export calls to xlsx",
        100_000,
        50,
        3,
        body="export",
        unit="call",
        needs="records",
    ),
    Case(
        "export-plain",
        "`tilsyn export calls.jsonl`, free text without personal data (baseline)",
        100_000,
        50,
        3,
        cli=("export", "{input}"),
        output="out.xlsx",
        unit="call",
        needs="jsonl_plain",
    ),
    Case(
        "export-personal",
        "`tilsyn export calls.jsonl`, names and phone numbers in the free text",
        100_000,
        50,
        3,
        cli=("export", "{input}"),
        output="out.xlsx",
        unit="call",
        needs="jsonl",
    ),
    Case(
        "pipeline-forms",
        "pipeline: Word forms -> load, score, report, xlsx",
        1000,
        5,
        3,
        body="pipeline-forms",
        unit="form",
        needs="forms",
    ),
    Case(
        "pipeline-jsonl",
        "pipeline: JSONL -> load, score, report, xlsx",
        100_000,
        50,
        3,
        body="pipeline-jsonl",
        unit="call",
        needs="jsonl",
        smoke_skip="same code as pipeline-forms",
    ),
)
BY_NAME = {case.name: case for case in CASES}

MB_PER_GB = 1024
Check = Callable[[dict], "tuple[str, bool] | None"]  # cases -> (measured, met), None: not measured


@dataclass(frozen=True)
class Target:
    """A claim with the figure that decides it: `check(cases)` -> (measured, met) or None."""

    text: str
    check: Check


def _ok(cases: dict, name: str, n: int | None = None) -> dict | None:
    case = cases.get(name)
    if case is None or case["status"] != "ok" or (n is not None and case["n"] != n):
        return None
    return case


def _under(
    name: str, n: int, limit: float, figure: Callable[[dict], float], show: Callable[[float], str]
) -> Check:
    def check(cases: dict) -> tuple[str, bool] | None:
        case = _ok(cases, name, n)
        if case is None:
            return None
        value = figure(case)
        return show(value), value < limit

    return check


def seconds_under(name: str, n: int, limit: float) -> Check:
    """The median time of `name`, measured at size `n`, is under `limit` seconds."""
    show = (lambda v: f"{v * 1000:.0f} ms") if limit < 1 else (lambda v: f"{v:.2f} s")
    return _under(name, n, limit, lambda case: case["seconds"]["median"], show)


def memory_under(name: str, n: int, mb: float) -> Check:
    """The largest peak RSS of the runs of `name`, at size `n`, is under `mb` megabytes."""
    return _under(name, n, mb, lambda case: case["peak_rss_mb"]["max"], lambda v: f"{v:.0f} MB")


def ratio(slow: str, fast: str, cases: dict, same_size: bool = True) -> float | None:
    """Median seconds of `slow` over those of `fast`, both measured at the same size (unless
    `fast` is a floor of fixed work, such as importing libraries)."""
    a, b = _ok(cases, slow), _ok(cases, fast)
    if a is None or b is None or (same_size and a["n"] != b["n"]) or not b["seconds"]["median"]:
        return None
    return a["seconds"]["median"] / b["seconds"]["median"]


def ratio_check(
    slow: str, fast: str, n: int, *, at_most: float = 0, at_least: float = 0, same_size: bool = True
) -> Check:
    def check(cases: dict) -> tuple[str, bool] | None:
        value = ratio(slow, fast, cases, same_size)
        if value is None or cases[slow]["n"] != n:
            return None
        met = value <= at_most if at_most else value >= at_least
        return f"{value:.2f}x", met

    return check


def memory_ratio(slow: str, fast: str, cases: dict) -> float | None:
    """The largest peak RSS of `slow` over that of `fast`, both measured at the same size."""
    a, b = _ok(cases, slow), _ok(cases, fast)
    if a is None or b is None or a["n"] != b["n"]:
        return None
    return a["peak_rss_mb"]["max"] / b["peak_rss_mb"]["max"]


def cpu_ratio(slow: str, fast: str, cases: dict) -> float | None:
    """The median CPU time (user + system) of `slow` over that of `fast`, same size: the time
    ratio as on cores of their own, which a machine busy with other work does not skew."""
    a, b = _ok(cases, slow), _ok(cases, fast)
    if a is None or b is None or a["n"] != b["n"] or "cpu_seconds" not in b["extra"]:
        return None
    return a["extra"]["cpu_seconds"]["median"] / b["extra"]["cpu_seconds"]["median"]


def size_ratio(slow: str, fast: str, cases: dict) -> float | None:
    """The size of the input of `slow` over that of `fast` (a saved dataset beside its data)."""
    a, b = _ok(cases, slow), _ok(cases, fast)
    if a is None or b is None or a["n"] != b["n"] or not b["extra"].get("input_mb"):
        return None
    return a["extra"]["input_mb"] / b["extra"]["input_mb"]


def ratio_of(figure: Callable, slow: str, fast: str, n: int, at_most: float) -> Check:
    """`figure(slow, fast, cases)` (memory_ratio, size_ratio), measured at size `n`, is at
    most `at_most`."""

    def check(cases: dict) -> tuple[str, bool] | None:
        value = figure(slow, fast, cases)
        if value is None or cases[slow]["n"] != n:
            return None
        return f"{value:.2f}x", value <= at_most

    return check


def _saved_targets(n: int) -> tuple[Target, ...]:
    """A report from a saved dataset against the same report from the data (issue #23)."""
    k, calls = f"{n // 1000}k", f"{n:,} calls"
    saved, data = f"report-saved-{k}", f"report-data-{k}"
    return (
        Target(
            f"saved dataset at most 1.5x the JSON Lines, {calls}",
            ratio_of(size_ratio, saved, data, n, 1.5),
        ),
        Target(
            f"`report saved.json` at most 0.6x the time of `report calls.jsonl`, {calls}",
            ratio_check(saved, data, n, at_most=0.6),
        ),
        Target(
            f"`report saved.json` at most 1.2x the peak memory of `report calls.jsonl`, {calls}",
            ratio_of(memory_ratio, saved, data, n, 1.2),
        ),
    )


def no_heavy_imports(cases: dict) -> tuple[str, bool] | None:
    case = _ok(cases, "startup-tilsyn")
    if case is None:
        return None
    heavy = case["extra"]["heavy_modules"]
    return (", ".join(heavy) if heavy else "none"), not heavy


TARGETS: tuple[Target, ...] = (
    Target(
        "form reading at most 2x the floor",
        ratio_check("forms-tilsyn", "forms-floor", 1000, at_most=2),
    ),
    Target(
        "form reading at least 5x faster than python-docx",
        ratio_check("forms-python-docx", "forms-tilsyn", 1000, at_least=5),
    ),
    Target("`tilsyn --help` under 150 ms", seconds_under("startup-tilsyn", 1, 0.150)),
    Target(
        "`tilsyn --help` imports none of docx, openpyxl, matplotlib, docxtpl, lxml",
        no_heavy_imports,
    ),
    Target(
        "pipeline, 1,000 forms, under 10 s on one core", seconds_under("pipeline-forms", 1000, 10)
    ),
    Target("pipeline, 100,000 calls, under 60 s", seconds_under("pipeline-jsonl", 100_000, 60)),
    Target(
        "pipeline, 100,000 calls, peak memory under 1 GB",
        memory_under("pipeline-jsonl", 100_000, MB_PER_GB),
    ),
    Target(
        "validate 100,000 calls with personal data in their free text under 20 s",
        seconds_under("validate", 100_000, 20),
    ),
    Target("scoring 100,000 calls under 5 s", seconds_under("score", 100_000, 5)),
    Target(
        "`tilsyn report sample_data/` at most 2x the import floor",
        ratio_check("report-59", "report-floor", 59, at_most=2, same_size=False),
    ),
    Target("national report, 59 calls, under 3 s", seconds_under("report-59", 59, 3)),
    Target("national report, 10,000 calls, under 20 s", seconds_under("report-10000", 10_000, 20)),
    Target("export of 100,000 calls under 30 s", seconds_under("export", 100_000, 30)),
    Target("export of 100,000 calls under 1 GB", memory_under("export", 100_000, MB_PER_GB)),
    Target(
        "`tilsyn export` of 100,000 calls with personal data in their free text under 30 s",
        seconds_under("export-personal", 100_000, 30),
    ),
    *_saved_targets(5000),
    *_saved_targets(20_000),
)


def evaluate(cases: dict) -> list[dict]:
    """Every target with its measured figure and whether it is met (None: not measured)."""
    out = []
    for target in TARGETS:
        found = target.check(cases)
        measured, met = found if found else ("not measured", None)
        out.append({"target": target.text, "measured": measured, "met": met})
    return out
