"""Survey rounds for the analysis tests, built from small dicts (tests/factories.py).

In every call a query call is made, so K06 (the query call was answered) applies to all:
`answered` of them pass K06, the rest fail it. K01 (queue wait) passes for the first
`short_queue` calls and fails for the others.
"""

from __future__ import annotations

from pathlib import Path

from tests.factories import valid_call, write_jsonl

ANSWERED = {
    "query_call_answered": "yes",
    "message_sent": None,
    "message_text": None,
    "message_states_need": None,
    "message_has_callback_details": None,
    "callback_explained": None,
}


def calls(
    prefix: str, total: int, answered: int, short_queue: int = 0, county: str = "vestland"
) -> list[dict]:
    """`total` calls with keys PREFIX-001...: `answered` pass K06, `short_queue` pass K01."""
    records = []
    for i in range(total):
        overrides = dict(ANSWERED) if i < answered else {}
        if i < short_queue:
            overrides["queue_wait_minutes"] = 4
        records.append(valid_call(call_id=f"{prefix}-{i + 1:03d}", county=county, **overrides))
    return records


def round_file(path: Path, *groups: list[dict]) -> Path:
    """A JSON Lines file of one round, from the lists `calls` made."""
    return write_jsonl(path, [record for group in groups for record in group])
