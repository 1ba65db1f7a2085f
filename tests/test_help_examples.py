"""Every example in every command's --help runs as written, in nb, nn and en, and ends with
the exit code the help promises (0: every example's input is valid). The help teaches what the
tool accepts («--county vestland», not a code it refuses). The examples run in a folder holding
what they name: the sample calls as folders and files, a saved round under each name the help
uses, a finished report, a survey of one's own; a line's `> file` is where stdout goes."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from tilsyn.texts import LANGS

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "sample_data" / "calls"
EXAMPLE_BLOCK = re.compile(r"\x08\n((?:  .*(?:\n|$))+)")
# Folders and files the examples name, by what they stand for.
CALL_FOLDERS = ("skjemaer", "skjema", "forms", "samtaler", "samtalar", "calls")
CALL_FILES = ("samtaler.jsonl", "samtalar.jsonl", "calls.jsonl")
SAVED = ("resultater.json", "resultat.json", "results.json", "forrige.json", "førre.json")
SAVED += ("previous.json",)
REPORTS = ("rapport-ferdig.docx", "final-report.docx", "rapport.docx", "report.docx")


def examples() -> list[tuple[str, str, list[str]]]:
    """(help key, language, the example lines) of every help with examples."""
    data = tomllib.loads((ROOT / "tilsyn" / "cli" / "help.toml").read_text(encoding="utf-8"))
    found = []

    def walk(node, path):
        if isinstance(node, dict) and isinstance(node.get("nb"), str):
            for lang in LANGS:
                for block in EXAMPLE_BLOCK.findall(node[lang]):
                    found.append((path, lang, [line.strip() for line in block.splitlines()]))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)

    walk(data, "")
    return found


@pytest.fixture(scope="module")
def stock(tmp_path_factory) -> Path:
    """One folder of everything the examples read, made once."""
    from typer.testing import CliRunner

    import tilsyn
    from tests.publish_helpers import finish
    from tests.user_survey import write_survey
    from tilsyn.cli.app import app
    from tilsyn.report import render_report

    folder = tmp_path_factory.mktemp("stock")
    for name in CALL_FOLDERS:
        shutil.copytree(CALLS, folder / name)
    for name in CALL_FILES:
        shutil.copy(CALLS / "vestland.jsonl", folder / name)
    earlier = tmp_path_factory.mktemp("earlier")  # last year's round: other calls, other keys
    for path in CALLS.glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        renamed = [
            json.dumps({**json.loads(x), "call_id": f"22-{json.loads(x)['call_id']}"})
            for x in lines
        ]
        (earlier / path.name).write_text("\n".join(renamed) + "\n", encoding="utf-8")
    for name in SAVED:
        result = CliRunner().invoke(app, ["score", str(earlier), "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
    # finished reports, for publish only: report's own examples write these names
    draft = render_report(tilsyn.score_inputs([CALLS]), folder / "utkast.docx").path
    (folder / "finished").mkdir()
    for name in REPORTS:
        finish(draft, folder / "finished" / name)
    survey = write_survey(folder / "mine")
    for suffix in (".toml", ".criteria.toml"):
        shutil.copy(
            survey.with_name(f"case-review{suffix}"), folder / "mine" / f"saksgjennomgang{suffix}"
        )
    return folder


def _run(cli, line: str) -> tuple[int, str]:
    words = shlex.split(line)
    target = None
    if ">" in words:
        target = Path(words[words.index(">") + 1])
        words = words[: words.index(">")]
    assert words[0] == "tilsyn", line
    for option, value in zip(words, words[1:], strict=False):
        if option == "-o":  # what the example writes is not there before it (--force unasked)
            Path(value).unlink(missing_ok=True)
    result = cli(*words[1:])
    if target is not None:
        target.write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.stderr


def _params() -> list:
    """Every help's examples in each language; the inner loop runs one language per help,
    changing from help to help, `slow` the rest."""
    keys = list(dict.fromkeys(key for key, _, _ in examples()))
    return [
        pytest.param(
            key,
            lang,
            lines,
            id=f"{key}-{lang}",
            marks=() if LANGS[keys.index(key) % 3] == lang else pytest.mark.slow,
        )
        for key, lang, lines in examples()
    ]


@pytest.mark.parametrize(("key", "lang", "lines"), _params())
def test_every_help_example_runs_as_written(cli, stock, tmp_path, monkeypatch, key, lang, lines):
    if any(".pdf" in line for line in lines) and shutil.which("soffice") is None:
        pytest.skip("a PDF needs LibreOffice")
    shutil.copytree(stock, tmp_path / "run")
    if key.startswith("publish"):
        shutil.copytree(stock / "finished", tmp_path / "run", dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path / "run")
    (tmp_path / "run" / "sample_data").symlink_to(ROOT / "sample_data")
    for line in lines:
        code, stderr = _run(cli, line)
        assert code == 0, (key, lang, line, stderr)


def test_every_command_with_examples_is_found():
    keys = {key for key, _, _ in examples()}
    assert {"validate.help", "form.new", "score.help", "report.help", "plan.help"} <= keys
    assert all(len({lang for k, lang, _ in examples() if k == key}) == 3 for key in keys)
