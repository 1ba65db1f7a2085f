"""A saved dataset edited by hand: whatever was changed, `report` answers with exit 0 or a
diagnostic and exit 1, never an internal error."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import examples, valid_call, write_jsonl


def _results(cli, tmp_path) -> dict:
    data = tmp_path / "calls.jsonl"
    write_jsonl(data, [valid_call(call_id=f"R-{i}") for i in range(3)])
    out = tmp_path / "results.json"
    assert cli("score", data, "-o", out).exit_code == 0
    return json.loads(out.read_text())


_EDITS = [None, "x", -1, [], {}, 1e308, 10**50, True, [[[]]], "", "pass"]


@pytest.mark.slow  # 80 reports of a hand-edited file: left out of the inner loop
@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_a_hand_edited_results_file(cli, tmp_path, data):
    base = getattr(test_a_hand_edited_results_file, "base", None)
    if base is None:
        base = test_a_hand_edited_results_file.base = _results(cli, tmp_path)
    edited = json.loads(json.dumps(base))
    node = edited
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        if isinstance(node[key], (dict, list)) and node[key] and data.draw(st.booleans()):
            node = node[key]
            continue
        node[key] = data.draw(st.sampled_from(_EDITS))
        break
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    out = tmp_path / "r.docx"
    out.unlink(missing_ok=True)
    run = cli("report", path, "-o", out)
    assert run.exit_code in (0, 1), run.output
    assert "internal error" not in run.output
