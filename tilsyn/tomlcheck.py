"""One checker for the TOML files people write: survey definitions and criteria catalogues.

Each file kind is described as data (`Table`, `Tables`, `TableOf` and `Key` over the value
kinds below): which keys, of which type, required or not, nested how. `Checker.walk` compares
a file with its description and reports every key that is missing, unknown (a typo) or of the
wrong type, with its line; what it returns holds only what fits, so the code that builds a
survey or catalogue from it never meets a value of a type it did not expect. tomllib gives no
line numbers: `Lines` finds them from a key path, and only when a problem is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeAlias

from tilsyn import expr
from tilsyn.errors import Diagnostic
from tilsyn.i18n import LANGS

Path: TypeAlias = tuple[str | int, ...]
Outcome: TypeAlias = "str | tuple[str, dict[str, Any]] | None"

# ---------------------------------------------------------------------------------------------
# Value kinds. `test` gives None when a value fits; otherwise the variant of the diagnostic
# that says what was expected (the registry has a variant per kind, with an example that fits),
# or the variant and its parameters.


@dataclass(frozen=True)
class Kind:
    """A kind of plain value (not a table)."""

    variant: str
    test: Callable[[Any], Outcome]
    choices: str = ""  # the allowed values, for messages


def _when(ok: Callable[[Any], bool], variant: str) -> Kind:
    return Kind(variant, lambda value: None if ok(value) else variant)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _filled(value: Any) -> Outcome:
    if not isinstance(value, str):
        return "text"
    return None if value.strip() else "empty"


def _texts(value: Any) -> Outcome:
    """A text for every language: one plain text, or a table of texts by language code."""
    if isinstance(value, str):
        return None
    if isinstance(value, dict) and all(
        lang in LANGS and isinstance(text, str) for lang, text in value.items()
    ):
        return None
    return "texts"


def _all_languages(value: Any, empty_ok: bool = False) -> Outcome:
    """A table with a non-empty text in nb, nn and en."""
    if not isinstance(value, dict):
        return "texts"
    if empty_ok and not value:
        return None
    missing = [
        lang for lang in LANGS if not isinstance(value.get(lang), str) or not value[lang].strip()
    ]
    return ("lacks", {"missing": ", ".join(missing)}) if missing else None


def _language_lists(value: Any) -> Outcome:
    """A table of lists of texts in nb, nn and en (or an empty table)."""
    if value == {}:
        return None
    ok = isinstance(value, dict) and all(
        isinstance(value.get(lang), list) and all(isinstance(s, str) for s in value[lang])
        for lang in LANGS
    )
    return None if ok else "language_lists"


def pattern(regex: str, variant: str) -> Kind:
    """A text that matches `regex` in full (a name that rules can read, an id)."""
    compiled = re.compile(regex)
    return _when(lambda v: isinstance(v, str) and compiled.fullmatch(v) is not None, variant)


def one_of(choices: Iterable[str]) -> Kind:
    """A text that is one of `choices` (a field type, a severity), listed in this order."""
    listed = tuple(choices)
    return Kind(
        "choice",
        lambda v: None if isinstance(v, str) and v in listed else "choice",
        ", ".join(listed),
    )


TEXT = _when(lambda v: isinstance(v, str), "text")
FILLED = Kind("text", _filled)  # a text that is not empty
NAME = pattern(r"[A-Za-z_][A-Za-z0-9_]*", "name")  # a name a rule can read
BOOL = _when(lambda v: isinstance(v, bool), "bool")
NUMBER = _when(_number, "number")
TEXT_OR_INT = _when(lambda v: isinstance(v, str) or type(v) is int, "version")
SCALAR = _when(lambda v: isinstance(v, (str, bool, int, float)), "scalar")
TEXTS = Kind("texts", _texts)
ALL_LANGUAGES = Kind("texts", _all_languages)
ALL_LANGUAGES_OR_NONE = Kind("texts", lambda v: _all_languages(v, empty_ok=True))
LANGUAGE_LISTS = Kind("language_lists", _language_lists)
TEXT_LIST = _when(lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v), "text_list")


# ---------------------------------------------------------------------------------------------
# Shapes: tables, arrays of tables, tables of named entries


@dataclass(frozen=True)
class Key:
    """One key of a table: its shape, whether it must be there, and which diagnostic speaks
    for it, as (code, variant), when it is missing (`missing`) or does not fit (`wrong`; a
    variant None takes the kind's); None leaves it to the file kind. `example` is for hints;
    `by_table`: a diagnostic names the table it is in, not the key (a parameter's default)."""

    shape: Kind | Table | Tables | TableOf
    required: bool = False
    missing: tuple[str, str] | None = None
    wrong: tuple[str, str | None] | None = None
    example: str = ""
    by_table: bool = False


@dataclass(frozen=True)
class Table:
    """A table with known keys; any other key is a typo, reported as `unknown` (code, variant)
    or the file kind's. `shorthand`: a plain value stands for this key (`x = 10` for `default`).
    `ordered`: the known keys are listed in their order here, not alphabetically."""

    keys: dict[str, Key]
    unknown: tuple[str, str] | None = None
    shorthand: str | None = None
    ordered: bool = False

    @cached_property
    def known(self) -> str:
        return ", ".join(self.keys if self.ordered else sorted(self.keys))


@dataclass(frozen=True)
class Tables:
    """An array of tables (`[[fields]]`); `element` speaks for an item that is not a table."""

    table: Table
    element: tuple[str, str] | None = None
    nonempty: bool = False


@dataclass(frozen=True)
class TableOf:
    """A table of named entries of one shape (`[derived.NAME]`, `[criteria.parameters.NAME]`)."""

    shape: Table


@dataclass(frozen=True)
class FileKind:
    """A file kind's codes (a value of the wrong type, a missing key, an unknown key, a rule
    that cannot be read) and how it names a place: path and file -> (where, field)."""

    wrong: str
    missing: tuple[str, str]
    unknown: tuple[str, str]
    rule: str
    name: Callable[[Path, Any], tuple[str, str | None]]


def read_text(path: Any, code: str, error: Callable[[list[Diagnostic]], Exception]) -> str:
    """A definition file's text (UTF-8, a BOM allowed), or `error` raised with `code`'s "read"
    diagnostic naming the system's reason in the user's language."""
    from tilsyn.diagnostics import diagnostic, os_reason

    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(
            [diagnostic(code, "read", {"detail": os_reason(exc)}, file=str(path))]
        ) from None


def parse_toml(
    text: str, file: str, code: str, error: Callable[[list[Diagnostic]], Exception], variant=""
) -> dict[str, Any]:
    """A definition file's TOML parsed, or `error` raised with one `code` diagnostic: a syntax
    mistake on its line (`variant`), or ("limits") a file nested too deeply or holding a
    number too long to read: never a failure half-way."""
    import tomllib

    from tilsyn.diagnostics import diagnostic
    from tilsyn.usercache import load_toml

    try:
        return load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        row = int(line[1]) if line else None
        raise error([diagnostic(code, variant, {"detail": exc}, file=file, row=row)]) from None
    except (ValueError, RecursionError):
        raise error([diagnostic(code, "limits", file=file)]) from None


BAD: Any = object()  # a value that does not fit its description: left out of the result

# Characters no Word or Excel document can hold (XML 1.0): a text with one would end a blank
# form, report or export half-way, so it is refused where it is written.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _has_control(value: Any) -> bool:
    """Whether a text anywhere in `value` (keys too) holds such a character; a loop, not a
    recursion, so no nesting TOML allows can exhaust the stack."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if _CONTROL.search(item):
                return True
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item)
            todo.extend(item.values())
    return False


# ---------------------------------------------------------------------------------------------
# Lines: where a key path is in the text

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_DOTTED = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")
_OPEN_STRING = re.compile(r"=\s*(\"\"\"|''')\s*$")


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(m.group(1).strip("\"'") for m in _DOTTED.finditer(text) if m.group(1))


class Lines:
    """1-based lines of key paths such as ("fields", 3, "relevant"): the table headers are read
    once, with the index of each `[[array]]` item; a key in a table's body is looked for only
    when asked, after the line of the key before it."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: list[tuple[int, Path]] = []
        counts: dict[Path, int] = {}
        in_string = False
        for i, line in enumerate(self.lines):
            if line.count('"""') % 2 or line.count("'''") % 2:
                in_string = not in_string
                continue
            m = None if in_string else _HEADER.match(line)
            if m is not None:
                self.headers.append((i, _concrete(_dotted(m.group(2)), m.group(1) == "[[", counts)))

    def find(self, path: Path) -> int | None:
        """The line of the value at `path`, else of the nearest enclosing table found (None
        when there is none); line 1 for the top of the file."""
        if not path:
            return 1
        for i, concrete in self.headers:
            if concrete[: len(path)] == path:
                return i + 1
        start, found = 0, None
        prefix: Path = ()
        for i, concrete in self.headers:
            if len(concrete) > len(prefix) and path[: len(concrete)] == concrete:
                start, found, prefix = i + 1, i + 1, concrete
        end = next((i for i, _ in self.headers if i >= start), len(self.lines))
        return self._in_body(path[len(prefix) :], start, end, found)

    def _in_body(self, rest: Path, start: int, end: int, found: int | None) -> int | None:
        first = True
        for step in rest:
            if isinstance(step, int):
                found = self._item(step, found, end)
                start = (found or 1) - 1
                continue
            k = re.escape(step)
            key = rf"""(?:{k}|"{k}"|'{k}')"""
            pattern = re.compile(rf"^\s*{key}\s*[=.]" if first else rf"(?:^|[{{,.])\s*{key}\s*=")
            line = next((i for i in range(start, end) if pattern.search(self.lines[i])), None)
            if line is None:
                return found
            found, start, first = line + 1, line, False
        return found

    def _item(self, index: int, line: int | None, end: int) -> int | None:
        """The line of item `index` of an inline array written one item a line (else the
        array's own line)."""
        if line is None or not self.lines[line - 1].split("#")[0].rstrip().endswith("["):
            return line
        items = [
            i
            for i in range(line, end)
            if self.lines[i].strip() and not self.lines[i].lstrip().startswith(("#", "]"))
        ]
        return items[index] + 1 if index < len(items) else line

    def rule_line(self, line: int | None, source: str, position: int) -> int | None:
        """The line of a position in a rule written from `line` on (a multi-line string
        starts on the line after its opening quotes)."""
        if line is None:
            return None
        if _OPEN_STRING.search(self.lines[line - 1]):
            line += 1
        return line + source.count("\n", 0, position)


def _concrete(keys: tuple[str, ...], array: bool, counts: dict[Path, int]) -> Path:
    """A header's path with the index of the array item each part is in: `[criteria.evidence]`
    after the third `[[criteria]]` is ("criteria", 2, "evidence")."""
    concrete: Path = ()
    for j, key in enumerate(keys):
        concrete += (key,)
        if array and j == len(keys) - 1:
            counts[concrete] = counts.get(concrete, 0) + 1
            concrete += (counts[concrete] - 1,)
        elif concrete in counts:
            concrete += (counts[concrete] - 1,)
    return concrete


# ---------------------------------------------------------------------------------------------
# The checker


@dataclass
class Checker:
    """Collects every problem of one file with its line: `walk` checks data against its
    description, `add` reports one problem, `rule` compiles a rule."""

    text: str
    source: str
    kind: FileKind
    data: Any = None  # the file as read, for naming places
    problems: list[Diagnostic] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)  # the paths of values that did not fit

    @cached_property
    def lines(self) -> Lines:
        return Lines(self.text)

    def add(
        self,
        code: str,
        variant: str,
        path: Path,
        /,
        row: int | Callable[[], int | None] | None = None,
        *,
        named: Path | None = None,
        **params: Any,
    ) -> None:
        """A problem of `code` at `path` (on its line unless `row` says otherwise), the place
        named in the message and the diagnostic's field after `named` (default `path`)."""
        from tilsyn.diagnostics import diagnostic

        where, place = self.kind.name(path if named is None else named, self.data)
        if row is None:
            location = self.place(path)
        else:
            location = {"row": row() if callable(row) else row}
        params = {"where": where, **params}
        self.problems.append(
            diagnostic(code, variant, params, file=self.source, field=place, **location)
        )

    def place(self, path: Path) -> dict[str, Any]:
        """Where the value at `path` is, as a diagnostic's location: its line."""
        return {"row": self.lines.find(path)}

    def rule(self, source: str, path: Path, *, value: bool = False) -> expr.Expr | None:
        """The compiled rule at `path`, or None after reporting where it cannot be read (the
        line of the mistake, within a rule written over several lines)."""
        try:
            return expr.compile_value(source) if value else expr.compile(source)
        except expr.ExprError as exc:
            row = self.lines.rule_line(self.lines.find(path), source, exc.position)
            self.add(self.kind.rule, "", path, row, rule=source, detail=exc.message)
            return None

    # -- a file against its description

    def walk(self, value: Any, key: Key, path: Path = ()) -> Any:
        """`value` as far as it fits `key` (keys and items that do not fit left out), or BAD."""
        shape = key.shape
        if isinstance(shape, Kind):
            if _has_control(value):
                return self._wrong(key, "control", path, value)
            outcome = shape.test(value)
            return value if outcome is None else self._wrong(key, outcome, path, value)
        if isinstance(shape, Tables):
            return self._tables(value, shape, key, path)
        if isinstance(shape, Table) and shape.shorthand and not isinstance(value, dict):
            value = {shape.shorthand: value}
        if not isinstance(value, dict):
            return self._wrong(key, "table", path, value)
        if isinstance(shape, TableOf):
            entry, walked = Key(shape.shape, wrong=key.wrong), {}
            for name, item in value.items():
                if _has_control(name):
                    self._wrong(entry, "control", (*path, name), name)
                else:
                    walked[name] = self.walk(item, entry, (*path, name))
            return {name: v for name, v in walked.items() if v is not BAD}
        return self._table(value, shape, path)

    def _table(self, value: dict[str, Any], table: Table, path: Path) -> dict[str, Any]:
        code, variant = table.unknown or self.kind.unknown
        for name in value:
            if _has_control(name):
                self._wrong(Key(table), "control", (*path, name), name)
            elif name not in table.keys:
                named = path or (name,)
                self.add(code, variant, (*path, name), named=named, key=name, known=table.known)
        result = {}
        for name, key in table.keys.items():
            if name in value:
                checked = self.walk(value[name], key, (*path, name))
                if checked is not BAD:
                    result[name] = checked
            elif key.required:
                self._missing(key, name, path)
        return result

    def _tables(self, value: Any, shape: Tables, key: Key, path: Path) -> Any:
        if not isinstance(value, list) or (shape.nonempty and not value):
            return self._wrong(key, "tables", path, value)
        items: list[dict[str, Any] | None] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append(self._table(item, shape.table, (*path, index)))
                continue
            code, variant = shape.element or (self.kind.wrong, "tables")
            self.add(code, variant, (*path, index), key=path[-1], n=index + 1)
            items.append(None)  # kept in place, so that the items after it keep their index
        return items

    def _missing(self, key: Key, name: str, path: Path) -> None:
        code, variant = key.missing or self.kind.missing
        self.add(
            code,
            variant,
            path,
            named=path if key.by_table else (*path, name),
            key=name,
            value=None,
            quoted="None",
            example=key.example,
            choices=getattr(key.shape, "choices", ""),
            n=_item_number(path),
        )

    def _wrong(self, key: Key, outcome: str | tuple[str, dict[str, Any]], path: Path, value: Any):
        variant, params = outcome if isinstance(outcome, tuple) else (outcome, {})
        self.failed.add(path)
        code, fixed = key.wrong or (self.kind.wrong, None)
        if variant == "control":  # whatever the key, the same words: the file kind's own code
            code, fixed = self.kind.wrong, None
        self.add(
            code,
            fixed if fixed is not None else variant,
            path,
            named=path[:-1] if key.by_table else path,
            key=next((s for s in reversed(path) if isinstance(s, str)), ""),
            value=_shown(value),
            quoted=repr(_shown(value)),
            example=key.example,
            choices=getattr(key.shape, "choices", ""),
            n=_item_number(path),
            **params,
        )
        return BAD


def _shown(value: Any) -> Any:
    """A value as a message may show it: a table or list only by its brackets (it may be nested
    deeper than printing can go), a long text cut short."""
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, str) and len(value) > 40:
        return value[:40] + "…"
    return value


def _item_number(path: Path) -> int | None:
    """The 1-based number of the innermost array item on the path (criterion 3)."""
    return next((step + 1 for step in reversed(path) if isinstance(step, int)), None)


def items(value: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    """(index, table) of the array items that are tables, as `walk` returned them."""
    return ((i, item) for i, item in enumerate(value or ()) if isinstance(item, dict))
