"""A saved dataset is used only as it was saved: its digest is checked on every open (RES004),
`tilsyn verify` scores its values again and names each record and criterion that differs
(RES006), and a file that is not as tilsyn writes it is a RES diagnostic, never a crash."""

from __future__ import annotations

import json

import pytest

from tests.factories import acute_call, valid_call, write_jsonl
from tilsyn.saved import DIGEST, content_digest


@pytest.fixture
def saved(cli, tmp_path):
    calls = [valid_call(call_id=f"VL-{n:03}") for n in range(1, 5)] + [acute_call(call_id="VL-005")]
    data = write_jsonl(tmp_path / "calls.jsonl", calls)
    path = tmp_path / "resultater.json"
    assert cli("score", data, "-o", path, "-q").exit_code == 0
    return path


def _edit(path, change, *, sign=False):
    """Change the saved JSON by hand; with `sign`, also write the digest it now has (as someone
    who knows the format could), so the content is what is checked."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    if sign:
        data[DIGEST] = content_digest(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _flip_k06_of_the_second(data):
    column = data["results"]["criteria"]["K06"]["status"]
    column[1] = "p" if column[1] != "p" else "f"


def test_an_untouched_file_verifies_and_exits_0(cli, saved):
    result = cli("verify", saved)
    assert result.exit_code == 0, result.stderr
    assert "the same as its values validated and scored again (5 calls)" in result.stderr


def test_a_status_changed_by_hand_is_refused_on_open_and_by_verify(cli, saved, tmp_path):
    _edit(saved, _flip_k06_of_the_second)
    for command in (
        ["report", saved, "-o", tmp_path / "r.docx"],
        ["export", saved, "-o", tmp_path / "r.csv"],
        ["score", saved, "--json"],
        ["plan", saved, "--margin", "0.1"],
        ["compare", saved, saved],
    ):
        result = cli(*command)
        assert result.exit_code == 1 and "RES004" in result.stderr, command
        assert "checksum" in result.stderr and result.stdout == ""
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "r.csv").exists()
    verified = cli("verify", saved)
    assert verified.exit_code == 1
    assert "RES004" in verified.stderr and "RES006" in verified.stderr
    assert "[VL-002] K06" in verified.stderr  # the record and the criterion changed


def test_a_status_changed_with_a_new_digest_opens_but_verify_names_it(cli, saved):
    _edit(saved, _flip_k06_of_the_second, sign=True)
    assert cli("score", saved, "--json", "-q").exit_code == 0  # the digest is that of the file
    verified = cli("verify", saved)
    assert verified.exit_code == 1 and "RES004" not in verified.stderr
    (line,) = [line for line in verified.stderr.splitlines() if "RES006" in line]
    assert "[VL-002] K06" in line and "scored again" in line


def test_a_value_changed_under_its_results_is_named_by_verify(cli, saved):
    def later(data):
        data["records"]["values"]["queue_wait_minutes"][0] = 25.0

    _edit(saved, later, sign=True)
    verified = cli("verify", saved)
    assert verified.exit_code == 1
    assert "[VL-001] K01" in verified.stderr  # the wait now exceeds the 10 minutes


def test_verify_in_each_language(cli, saved):
    _edit(saved, _flip_k06_of_the_second)
    nb = cli("verify", saved, "--lang", "nb")
    nn = cli("verify", saved, "--lang", "nn")
    assert "kontrollsummen i filen" in nb.stderr and "vurderes på nytt" in nb.stderr
    assert "kontrollsummen i fila" in nn.stderr and "vurderte på nytt" in nn.stderr


def test_verify_refuses_what_is_not_a_saved_dataset(cli, tmp_path):
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    for path in (data, tmp_path / "nothing.json"):
        result = cli("verify", path)
        assert result.exit_code == 1 and "RES001" in result.stderr


def test_a_file_laid_out_anew_still_opens(cli, saved):
    """The digest is over the content, not the bytes: an editor that indents the file changes
    nothing that counts."""
    data = json.loads(saved.read_text(encoding="utf-8"))
    saved.write_text(json.dumps(data, indent=4, ensure_ascii=True), encoding="utf-8")
    assert cli("verify", saved).exit_code == 0


def test_an_older_format_is_res002_and_score_json_output_res001(cli, saved, tmp_path):
    _edit(saved, lambda d: d.update(format_version=2))
    result = cli("report", saved, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "RES002" in result.stderr
    printed = tmp_path / "printed.json"
    printed.write_text(cli("score", tmp_path / "calls.jsonl", "--json", "-q").stdout)
    result = cli("report", printed, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "RES001" in result.stderr


def _set(*keys, value):
    def change(data):
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


SIGNED_DAMAGE = {
    "status code": _set("results", "criteria", "K01", "status", 0, value="x"),
    "evidence number": _set("results", "criteria", "K01", "evidence", 0, value=999),
    "negative evidence": _set("results", "criteria", "K01", "evidence", 0, value=-1),
    "evidence a text": _set("results", "criteria", "K01", "evidence", 0, value="0"),
    "short column": _set("records", "values", "county", value=["vestland"]),
    "number as text": _set("records", "values", "queue_wait_minutes", 0, value="14,5"),
    "date not a date": _set("records", "values", "observed_at", 0, value="i går"),
    "unknown field": _set("records", "values", "planet", value=[None] * 5),
    "count": _set("records", "count", value=-1),
    "criteria missing": lambda d: d["results"]["criteria"].pop("K06"),
    "assessment of nothing": _set(
        "results",
        "assessed",
        value=[{"record": 99, "criterion": "K01", "automatic_status": "fail"}],
    ),
    "language": _set("lang", value="de"),
    "level": _set("by", value=["planet"]),
    "parameter": _set("catalogue", "parameters", "max_queue_wait_minutes", value="ti"),
    "catalogue version": _set("catalogue", "version", value="99"),
    "survey key": _set("survey", "key", value="office_id"),
    "left out": _set("excluded", value=[{"file": 1}]),
    "input file": _set("files", value=[{"path": "x"}]),
    "related": _set("related", value={"office": {}}),
    "a list": lambda d: d.update(records=[]),
    "nested deep": _set("related", value=json.loads('{"a":' * 900 + "1" + "}" * 900)),
}


@pytest.mark.parametrize("damage", SIGNED_DAMAGE, ids=list(SIGNED_DAMAGE))
def test_a_signed_file_not_as_tilsyn_writes_it_is_res003(cli, saved, tmp_path, damage):
    try:
        _edit(saved, SIGNED_DAMAGE[damage], sign=True)
    except RecursionError:  # too deep to sign here as well: left as it is, and refused
        _edit(saved, SIGNED_DAMAGE[damage])
    for command in (["report", saved, "-o", tmp_path / "r.docx"], ["verify", saved]):
        result = cli(*command)
        assert result.exit_code == 1 and "RES003" in result.stderr, (damage, result.stderr)
