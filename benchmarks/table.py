"""The results as Markdown tables: one for the console and the same for benchmarks/README.md."""

from __future__ import annotations


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _per_item(case: dict) -> str:
    if not case.get("unit"):
        return ""
    per = case["seconds"]["median"] / case["n"]
    return (
        f"{per * 1000:.2f} ms/{case['unit']}"
        if per >= 1e-4
        else f"{per * 1e6:.1f} µs/{case['unit']}"
    )


def cases_table(cases: dict) -> list[str]:
    lines = [
        "| case | what | n | median | min | max | per item | peak RSS | stages (median) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, case in cases.items():
        if case["status"] != "ok":
            lines.append(
                f"| {name} | {case['title']} | {case['n']:,} | {case['status']}: "
                f"{case['reason']} | | | | | |"
            )
            continue
        s = case["seconds"]
        stages = ", ".join(
            f"{k} {_seconds(v)}" for k, v in case["stages"].items() if len(case["stages"]) > 1
        )
        lines.append(
            f"| {name} | {case['title']} | {case['n']:,} | {_seconds(s['median'])} | "
            f"{_seconds(s['min'])} | {_seconds(s['max'])} | {_per_item(case)} | "
            f"{case['peak_rss_mb']['max']:.0f} MB | {stages} |"
        )
    return lines


def comparisons_table(comparisons: list[dict]) -> list[str]:
    lines = ["| comparison | value |", "|---|---:|"]
    lines += [f"| {c['what']} | {c['value']} |" for c in comparisons]
    return lines


def targets_table(targets: list[dict]) -> list[str]:
    mark = {True: "met", False: "**NOT met**", None: "not measured"}
    lines = ["| target | measured | |", "|---|---:|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {mark[t['met']]} |" for t in targets]
    return lines


def render(results: dict) -> str:
    m = results["machine"]
    head = (
        f"Machine: {m['cpu']}, nproc {m['nproc']}, Python {m['python']} ({m['platform']}); "
        f"tilsyn {m['tilsyn']} at {m['commit']}; mode {results['mode']}, each run a fresh "
        "process pinned to one core; times are medians of the runs, peak RSS the largest."
    )
    parts = [
        head,
        "",
        *cases_table(results["cases"]),
        "",
        *comparisons_table(results["comparisons"]),
        "",
        *targets_table(results["targets"]),
    ]
    return "\n".join(parts) + "\n"
