"""An XLSForm workbook read as a survey definition: the same `Survey` a TOML file gives.

The sheets are turned into the data a TOML definition holds (fields, sections, derived
values, constraints, levels), with each value's sheet, row and column remembered; that data is
then checked and built by the same code as a TOML file (`tilsyn.survey.build_survey`), so a
mistake is found the same way and reported at its cell. Expressions are translated from
XLSForm's XPath subset (`tilsyn.xlsform.xpath`); what tilsyn cannot score (a repeat, an
unknown function, a question type without a value tilsyn can read) is a diagnostic, never a
silent misreading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn import expr
from tilsyn.diagnostics import diagnostic
from tilsyn.errors import Diagnostic
from tilsyn.survey_model import Survey
from tilsyn.tomlcheck import Checker
from tilsyn.tomlcheck import Path as KeyPath
from tilsyn.xlsform import xpath
from tilsyn.xlsform.constraints import split_constraint
from tilsyn.xlsform.sheets import Sheet, WorkbookError, read_sheets, texts
from tilsyn.xlsform.vocabulary import TILSYN_TYPES, constraint_messages, row_type, text_value

Place = tuple[str, int, str]  # sheet, row, column letter


class SheetChecker(Checker):
    """The TOML checker, placing each problem at its cell instead of a line."""

    def __init__(self, source: str, kind: Any):
        super().__init__("", source, kind)
        self.places: dict[KeyPath, Place] = {}
        self.sources: dict[KeyPath, str] = {}  # the XLSForm text a rule was translated from

    def place(self, path: KeyPath) -> dict[str, Any]:
        for end in range(len(path), -1, -1):
            found = self.places.get(path[:end])
            if found is not None:
                sheet, row, column = found
                return {"sheet": sheet, "row": row, "column": column}
        return {"sheet": "survey"}

    def rule(self, source: str, path: KeyPath, *, value: bool = False) -> expr.Expr | None:
        try:
            return expr.compile_value(source) if value else expr.compile(source)
        except expr.ExprError as exc:
            shown = self.sources.get(path, source)
            self.add(self.kind.rule, "", path, rule=shown, detail=exc.message)
            return None


def read_xlsform(path: str | Path) -> Survey:
    """The survey an XLSForm workbook defines; SurveyError with every mistake at its cell."""
    from tilsyn.survey import SurveyError, build_survey
    from tilsyn.surveys.schema import SURVEY, SURVEY_FILE
    from tilsyn.xlsform.toml_text import toml_text

    path = Path(path)
    try:
        sheets = read_sheets(path)
    except WorkbookError as exc:
        raise SurveyError([diagnostic("SRV015", exc.variant, exc.params, file=str(path))]) from None
    checker = SheetChecker(str(path), SURVEY_FILE)
    form = _Form(path, sheets, checker)
    data = form.build()
    checker.data = data
    survey = build_survey(checker, checker.walk(data, SURVEY)) if not checker.problems else None
    if checker.problems or survey is None:
        raise SurveyError(checker.problems or [form.missing("survey", "sheet")])
    survey.source_text = toml_text(data)
    survey.other_columns = frozenset(form.other_columns)
    return survey


class _Form:
    """One workbook on its way to a survey definition's data."""

    def __init__(self, path: Path, sheets: dict[str, Sheet], checker: SheetChecker):
        self.path, self.sheets, self.checker = path, sheets, checker
        self.settings = _first_row(sheets.get("settings"))
        self.language = self._default_language()
        self.kinds: dict[str, str] = {}
        self.other_columns: set[str] = set()
        self.data: dict[str, Any] = {}

    # -- problems, at their cells

    def problem(self, code: str, variant: str, where: Place, field: str | None = None, **params):
        sheet, row, column = where
        self.checker.problems.append(
            diagnostic(
                code,
                variant,
                params,
                file=str(self.path),
                sheet=sheet,
                row=row,
                column=column,
                field=field,
            )
        )

    def missing(self, sheet: str, variant: str, column: str = "") -> Diagnostic:
        found = self.sheets.get(sheet)
        letter = found.letter(column) if found is not None and column else "A"
        row = found.header_row if found is not None else 1
        return diagnostic(
            "SRV019",
            variant,
            {"sheet": sheet, "column": column},
            file=str(self.path),
            sheet=sheet,
            row=row,
            column=letter,
        )

    def cell(self, sheet: str, row: int, column: str) -> Place:
        found = self.sheets.get(sheet)
        return (sheet, row, found.letter(column) if found is not None else "A")

    # -- the whole

    def build(self) -> dict[str, Any]:
        survey = self.sheets.get("survey")
        if survey is None or "type" not in survey.columns or "name" not in survey.columns:
            column = "type" if survey is not None and "type" not in survey.columns else "name"
            variant = "sheet" if survey is None else "column"
            self.checker.problems.append(self.missing("survey", variant, column))
            return {}
        self._settings()
        self.choices = self._choices()
        rows = self._rows(survey)
        self._kinds(rows)
        self._survey_rows(rows)
        self._levels()
        return self.data

    def _default_language(self) -> str | None:
        from tilsyn.xlsform.sheets import language_of

        _, values = self.settings
        name = values.get("default_language")
        return language_of(name) if name else None

    def _settings(self) -> None:
        from tilsyn.survey_model import fold

        row, values = self.settings
        data = self.data
        form_id = values.get("form_id") or self.path.stem
        data.update({"id": form_id, "version": values.get("version") or "1"})
        for key, column in (("id", "form_id"), ("version", "version"), ("key", "tilsyn_key")):
            self.checker.places[(key,)] = self.cell("settings", row, column)
        self.checker.places[()] = self.cell("settings", row, "form_id")
        if values.get("tilsyn_key"):
            data["key"] = values["tilsyn_key"]
        else:
            self.checker.problems.append(self.missing("settings", "key", "tilsyn_key"))
        if values.get("tilsyn_records_key"):
            data["records_key"] = values["tilsyn_records_key"]
            self.checker.places[("records_key",)] = self.cell("settings", row, "tilsyn_records_key")
        self._form(row, values)
        title = texts(values, "tilsyn_title", self.language) or texts(values, "form_title", None)
        for key, column in (
            ("title", None),
            ("instructions", "tilsyn_instructions"),
            ("record_noun", "tilsyn_record_noun"),
            ("record_noun_plural", "tilsyn_record_noun_plural"),
        ):
            found = title if column is None else texts(values, column, self.language)
            if found:
                data[key] = text_value(found)
        data.setdefault("title", fold(form_id))

    def _form(self, row: int, values: dict[str, str]) -> None:
        """`tilsyn_prefill` («county=county observer=observer») and `tilsyn_author`: the
        survey's `[form]` table, what `form new`'s named options fill in."""
        form: dict[str, Any] = {}
        pairs = [p.partition("=") for p in values.get("tilsyn_prefill", "").split()]
        if pairs:
            form["prefill"] = {option: name for option, _, name in pairs}
            place = self.cell("settings", row, "tilsyn_prefill")
            self.checker.places[("form", "prefill")] = place
            for option, _, _ in pairs:
                self.checker.places[("form", "prefill", option)] = place
        if values.get("tilsyn_author"):
            form["author"] = values["tilsyn_author"]
            self.checker.places[("form", "author")] = self.cell("settings", row, "tilsyn_author")
        if form:
            self.data["form"] = form

    def _choices(self) -> dict[str, list[dict[str, Any]]]:
        """The choice lists by name: code, label and the extra spellings accepted for it."""
        lists: dict[str, list[dict[str, Any]]] = {}
        sheet = self.sheets.get("choices")
        if sheet is None:
            return lists
        for row, values in sheet.rows:
            name, code = values.get("list_name") or values.get("list name"), values.get("name")
            if not name or not code:
                continue
            choice: dict[str, Any] = {"code": code, "label": text_value(self._label(values, code))}
            aliases = [a.strip() for a in values.get("tilsyn_aliases", "").split("|")]
            if any(aliases):
                choice["aliases"] = [a for a in aliases if a]
            lists.setdefault(name, []).append(choice)
        return lists

    def _label(self, values: dict[str, str], default: str) -> dict[str, str]:
        return texts(values, "label", self.language) or {"_all": default}

    # -- the survey sheet

    def _rows(self, sheet: Sheet) -> list[tuple[int, str, str, dict[str, str]]]:
        """(row, kind, argument, values) of every row with a type, the type checked."""
        rows = []
        for row, values in sheet.rows:
            raw = values.get("type", "")
            if not raw:
                if values.get("name"):
                    self.problem("SRV016", "no_type", self.cell("survey", row, "type"))
                continue
            kind, argument = row_type(raw)
            if kind in ("repeat", "unsupported"):
                variant = "repeat" if kind == "repeat" else ""
                where = self.cell("survey", row, "type")
                self.problem("SRV016", variant, where, values.get("name"), type=raw)
                continue
            rows.append((row, kind, argument, values))
        return rows

    def _kinds(self, rows: list[tuple[int, str, str, dict[str, str]]]) -> None:
        """Each name's kind, for translating expressions that read it."""
        for _, kind, argument, values in rows:
            name = values.get("name", "")
            if kind == "question":
                self.kinds[name] = xpath_kind(argument)
            elif kind in ("select_one", "select_multiple"):
                self.kinds[name] = xpath.CODES if kind == "select_multiple" else xpath.TEXT
            elif kind == "calculate":
                declared = values.get("tilsyn_type", "").strip()
                self.kinds[name] = TILSYN_TYPES.get(declared, (None, xpath.ANY))[1]

    def _survey_rows(self, rows: list[tuple[int, str, str, dict[str, str]]]) -> None:
        groups: list[tuple[str, str | None]] = []  # (section id, relevance in the rule language)
        for row, kind, argument, values in rows:
            if kind == "begin_group":
                groups.append(self._group(row, values, groups))
            elif kind == "end_group":
                if groups:
                    groups.pop()
                else:
                    self.problem("SRV016", "end_group", self.cell("survey", row, "type"))
            elif kind == "calculate":
                self._calculate(row, values)
            elif kind in ("note", "metadata"):
                if values.get("name"):
                    self.other_columns.add(values["name"])
            else:
                self._field(row, kind, argument, values, groups)
        if groups:
            last_row = rows[-1][0] if rows else 1
            self.problem("SRV016", "open_group", self.cell("survey", last_row, "type"))

    def _group(
        self, row: int, values: dict[str, str], groups: list[tuple[str, str | None]]
    ) -> tuple[str, str | None]:
        name = values.get("name", "")
        sections = self.data.setdefault("sections", [])
        title = text_value(self._label(values, name))
        self.checker.places[("sections", len(sections))] = self.cell("survey", row, "name")
        sections.append({"id": name, "title": title})
        relevant = None
        if values.get("relevant"):
            part = self.translate(values["relevant"], ("sections", len(sections) - 1), row)
            relevant = part.text if part is not None else None
        return name, relevant

    def _calculate(self, row: int, values: dict[str, str]) -> None:
        name = values.get("name", "")
        path = ("derived", name)
        self.checker.places[path] = self.cell("survey", row, "name")
        self.checker.places[(*path, "expr")] = self.cell("survey", row, "calculate")
        self.checker.places[(*path, "type")] = self.cell("survey", row, "tilsyn_type")
        source = values.get("calculate", "")
        if not source:
            self.problem("SRV016", "calculate", self.cell("survey", row, "calculate"), name)
            return
        part = self.translate(source, (*path, "expr"), row, column="calculate")
        declared = values.get("tilsyn_type", "").strip()
        kind = TILSYN_TYPES.get(declared, (None,))[0] if declared else _inferred(part)
        if kind is None:
            where = self.cell("survey", row, "tilsyn_type")
            self.problem("SRV018", "tilsyn_type", where, name, value=declared or "–")
            return
        if part is None:
            return
        derived = {"expr": part.text, "type": kind, "label": text_value(self._label(values, name))}
        self.data.setdefault("derived", {})[name] = derived

    def _field(
        self,
        row: int,
        kind: str,
        argument: str,
        values: dict[str, str],
        groups: list[tuple[str, str | None]],
    ) -> None:
        from tilsyn.xlsform.fields import field_data

        fields = self.data.setdefault("fields", [])
        path = ("fields", len(fields))
        fields.append(field_data(self, row, kind, argument, values, groups, path))

    # -- expressions

    def translate(
        self, source: str, path: KeyPath, row: int, *, column: str = "relevant", dot: str = ""
    ) -> xpath.Part | None:
        """An XLSForm expression in the rule language, remembered for messages; None after
        reporting what is outside the subset."""
        where = self.cell("survey", row, column)
        self.checker.places[path] = where
        self.checker.sources[path] = source
        try:
            return xpath.translate(source, xpath.Context(self.kinds, dot or None))
        except xpath.XPathError as exc:
            params = {"expression": source, "position": exc.position + 1, **exc.params}
            self.problem("SRV017", exc.variant, where, dot or path[-1] or None, **params)
            return None

    def constraint(
        self, source: str, path: KeyPath, row: int, name: str
    ) -> list[xpath.Part] | None:
        where = self.cell("survey", row, "constraint")
        self.checker.places[path] = where
        self.checker.sources[path] = source
        try:
            return split_constraint(source, xpath.Context(self.kinds, name))
        except xpath.XPathError as exc:
            params = {"expression": source, "position": exc.position + 1, **exc.params}
            self.problem("SRV017", exc.variant, where, name, **params)
            return None

    def messages(self, values: dict[str, str], source: str) -> dict[str, str]:
        return constraint_messages(texts(values, "constraint_message", self.language), source)

    # -- levels

    def _levels(self) -> None:
        row, values = self.settings
        listed = values.get("tilsyn_levels", "").split()
        raw_scope = values.get("tilsyn_scope")  # the levels a report can cover; "none": none
        scoped = None if raw_scope is None else set(raw_scope.split()) - {"none"}
        labels = {f["name"]: f.get("label") for f in self.data.get("fields", []) if "name" in f}
        levels = self.data.setdefault("levels", [])
        for item in listed:
            level_id, _, field = item.rpartition("=")
            level_id = level_id or field
            self.checker.places[("levels", len(levels))] = self.cell(
                "settings", row, "tilsyn_levels"
            )
            level: dict[str, Any] = {"id": level_id, "field": field}
            level["scope"] = scoped is None or level_id in scoped
            if labels.get(field):
                level["label"] = labels[field]
            levels.append(level)
        known = {level["id"] for level in levels}
        for level_id in sorted((scoped or set()) - known):
            where = self.cell("settings", row, "tilsyn_scope")
            self.problem("SRV018", "scope", where, level_id, value=level_id)


def xpath_kind(field_type: str) -> str:
    """The kind an XPath expression sees in a question of a tilsyn field type."""
    return {
        "int": xpath.NUMBER,
        "decimal": xpath.NUMBER,
        "date": xpath.DATE,
        "datetime": xpath.DATETIME,
    }.get(field_type, xpath.TEXT)


def _inferred(part: xpath.Part | None) -> str | None:
    """A calculate's value type from its expression, where tilsyn_type does not give it."""
    if part is None:
        return "decimal"  # reported already; any type will do
    return {
        xpath.NUMBER: "decimal",
        xpath.DATE: "date",
        xpath.DATETIME: "datetime",
        xpath.BOOL: "bool",
    }.get(part.kind)


def _first_row(sheet: Sheet | None) -> tuple[int, dict[str, str]]:
    if sheet is None or not sheet.rows:
        return (2, {})
    return sheet.rows[0]
