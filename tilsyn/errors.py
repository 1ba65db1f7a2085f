"""Diagnostics, exit codes and the one exception type the CLI turns into a clean message.

Every problem tilsyn reports is a `Diagnostic` with a stable code (listed in
`docs/diagnostics.md`), a location and a hint, in the manner of pyxform: users and other tools
can act on the code and the location without parsing the message. A reader's `ReadError` lives
here too, so that the diagnostics registry can build one without importing the readers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes shared by every command (spec: 0 done, 1 input errors, 2 usage, 3 output)."""

    OK = 0
    INPUT = 1
    USAGE = 2
    OUTPUT = 3
    INTERNAL = 70  # not in the input contract: a bug in tilsyn, please report it
    INTERRUPTED = 130  # Ctrl-C, as shells report it


ERROR = "error"
WARNING = "warning"
NOTE = "note"  # what a user should know, not a problem: a form not filled in yet, say


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, with where it is and how to fix it."""

    code: str
    severity: str
    message: str
    hint: str = ""
    file: str | None = None
    key: str | None = None
    field: str | None = None
    row: int | None = None
    sheet: str | None = None
    column: str | None = None
    key_field: str | None = None  # the survey's name for the key (call_id, office_id)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict:
        """The `--json` shape: the fixed keys always, `row`/`sheet`/`column` where they apply.

        The record key is given as `key` and under the survey's own name for it (`call_id`,
        as the spec fixes it for the call survey; `call_id` too where no survey is known).
        """
        data = asdict(self)
        data[data.pop("key_field") or "call_id"] = self.key
        for optional in ("row", "sheet", "column"):
            if data[optional] is None:
                del data[optional]
        return data

    def location(self, sheet: str = "sheet", column: str = "col") -> str:
        """A compact human location such as `calls.csv:12 [VL-003] queue_wait_minutes`; the
        words for sheet and column are given in the reader's language («ark», «kolonne»)."""
        where = self.file or ""
        if self.sheet:
            where += f" {sheet} {self.sheet}"
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" {column} {self.column}"
        if self.key:
            where += f" [{self.key}]"
        if self.field:
            where += f" {self.field}"
        return where.strip()


class TilsynError(Exception):
    """A failure that ends a command with a clean message and a known exit code."""

    def __init__(
        self,
        message: str,
        *,
        exit_code: ExitCode = ExitCode.INPUT,
        hint: str = "",
        diagnostics: list[Diagnostic] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.hint = hint
        self.diagnostics = diagnostics or []  # the problems behind it, listed before the message


class UsageError(TilsynError):
    """The command was called wrongly (exit 2)."""

    def __init__(
        self, message: str, *, hint: str = "", diagnostics: list[Diagnostic] | None = None
    ):
        super().__init__(message, exit_code=ExitCode.USAGE, hint=hint, diagnostics=diagnostics)


class OutputError(TilsynError):
    """An output file could not be written (exit 3)."""

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message, exit_code=ExitCode.OUTPUT, hint=hint)


class ReadError(Exception):
    """A file (or part of one) that cannot be read, with a stable diagnostic code (readers
    raise it or yield it in place of a row; `tilsyn.readers.base` names it too)."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str = "",
        *,
        row: int | None = None,
        sheet: str | None = None,
        field: str | None = None,
        key: str | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.row = row
        self.sheet = sheet
        self.field = field
        self.key = key
