"""Submissions exported from ODK Central and KoboToolbox, read as the rows they are.

ODK Central's CSV names a column by its group path joined with `-` (`case-decision_date`) and
adds columns of its own (`SubmissionDate`, `meta-instanceID`, `KEY`, `SubmitterID`, ...);
Kobo's export (XLSX or CSV, "XML values and headers") joins the path with `/` and adds `_id`,
`_uuid`, `_submission_time` and the like. Either is found by those columns; the survey's own
columns are then named by their last part (a tilsyn field name has neither `-` nor `/`), the
tool's columns are read past, and the submission's instance id is kept with the row for
provenance. A select_multiple holds its codes separated by spaces (`Table.choice_separator`).
Which columns are fields is for validation to say, as for any table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tilsyn.readers.base import RawRow, Rows, Table

_CENTRAL_COLUMNS = frozenset(
    {
        "SubmissionDate",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "instanceID",  # with group names removed from the export
        "instanceName",
    }
)


@dataclass(frozen=True)
class Dialect:
    name: str
    separator: str
    is_tool_column: Callable[[str], bool]
    instance_columns: tuple[str, ...]  # where the instance id is, the first found


def _central_column(header: str) -> bool:
    return header in _CENTRAL_COLUMNS or header.startswith("meta-")


def _kobo_column(header: str) -> bool:
    return header.startswith("_") or header.split("/")[0] in ("meta", "formhub")


ODK_CENTRAL = Dialect("odk-central", "-", _central_column, ("meta-instanceID", "instanceID", "KEY"))
KOBO = Dialect("kobo", "/", _kobo_column, ("meta/instanceID", "_uuid"))


def dialect(headers: list[str]) -> Dialect | None:
    """The tool a table of submissions was exported from, by its own columns; None for any
    other table."""
    found = set(headers)
    if "meta-instanceID" in found or {"KEY", "SubmissionDate"} <= found:
        return ODK_CENTRAL
    if found & {"_uuid", "_submission_time", "meta/instanceID"}:
        return KOBO
    return None


def adapt(table: Table) -> Table:
    """The table with the survey's columns named by their field and the tool's read past, if
    it is an export of submissions; else as it is."""
    found = dialect(table.headers or [])
    if found is None:
        return table
    kept = [h for h in table.headers or [] if not found.is_tool_column(h)]
    names = {h: h.rsplit(found.separator, 1)[-1].strip() for h in kept}
    instance = next((h for h in found.instance_columns if h in (table.headers or [])), None)
    table.columns = {names[h]: table.columns[h] for h in kept if h in table.columns}
    table.headers = [names[h] for h in kept]
    table.rows = _rows(table.rows, names, instance)
    table.choice_separator = " "
    table.dialect = found.name
    return table


def _rows(rows: Rows, names: dict[str, str], instance: str | None) -> Rows:
    for item in rows:
        if isinstance(item, RawRow):
            source_id = item.values.get(instance) if instance else None
            values = {names[h]: v for h, v in item.values.items() if h in names}
            yield RawRow(values, item.row, str(source_id).strip() or None if source_id else None)
        else:
            yield item
