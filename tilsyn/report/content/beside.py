"""Another survey's result set beside a criterion, office by office: in the office report, each
office's share of query calls answered (K06, from the observed calls) beside its on-call phone
result (O04).

Which criterion, which other survey and criterion, and the fields that match a record to the
other survey's records are data (`[[beside]]` in `templates/data/<survey>.toml`). The other
survey's run comes with the scored dataset (`related`: a folder holding both kinds, scored
each by its own catalogue), so a report from a saved dataset shows the same table.
"""

from __future__ import annotations

from typing import Any, Sequence

from tilsyn.aggregate import Counts, summarise
from tilsyn.i18n import status_text
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, Paragraph
from tilsyn.survey import fold


def _match_key(info: dict[str, Any], fields: Sequence[str]) -> tuple:
    """Matching tolerates case and spacing (Nav Voss = NAV  voss), not other spellings."""
    return tuple(fold(str(info.get(f) or "")) for f in fields)


def beside_blocks(ctx: ReportContext, criterion_id: str) -> list[Block]:
    """A sentence and the table of this criterion's result beside the other survey's, for
    matched records; nothing when the report sets nothing beside it or no record matches."""
    spec = next(
        (b for b in ctx.t.settings.get("beside", []) if b["criterion"] == criterion_id), None
    )
    run = ctx.related.get(spec["survey"]) if spec else None
    if run is None:
        return []
    fields, other = spec["match"], spec["show"]
    statuses: dict[tuple, list[str]] = {}
    for record in run.records:
        statuses.setdefault(_match_key(record.info, fields), []).append(
            record.results[other].status
        )
    t = ctx.t
    words = t.raw(f"beside.{criterion_id}", survey=True)
    rows = []
    for record in ctx.records:
        found = statuses.get(_match_key(record.info, fields))
        if found is None:
            continue
        counts: Counts = summarise(found)
        cell = (
            t.fill(
                words["cell"],
                "cell",
                passed=counts.passed,
                n=counts.assessed,
                share=t.percent(counts.share),
            )
            if counts.assessed
            else words["none"]
        )
        rows.append(
            [
                *(str(record.info.get(f) or "") for f in fields),
                status_text(record.results[criterion_id].status, ctx.lang),
                cell,
            ]
        )
    if not rows:
        return []
    table = ctx.add_table(
        f"beside-{criterion_id}",
        words["caption"],
        list(words["headers"]),
        rows,
        [4.5, 2.5, 4.0, 4.5],
    )
    intro = t.fill(
        words["intro"], "intro", matched=len(rows), total=len(ctx.records), table=table.number
    )
    return [Paragraph([intro]), table]
