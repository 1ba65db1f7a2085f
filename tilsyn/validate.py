"""Validation: raw rows -> typed records plus diagnostics, driven by the survey definition.

Every problem is reported (not just the first), each with a stable code, its location and a
hint. A record with an error is kept out of `records` and listed in `excluded` with its reasons,
so nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from tilsyn.diagnostics import codes, diagnostic, language, phrase, question
from tilsyn.errors import ERROR, WARNING, Diagnostic
from tilsyn.glossary import each, in_sentence, record_term, this
from tilsyn.handed_out import not_filled_in
from tilsyn.headers import check_headers, sheet_values
from tilsyn.readers.base import RawRow, ReadError, Table
from tilsyn.survey import Survey, all_surveys, detect_survey, get_survey
from tilsyn.values import BadValue, is_empty, parser_for, shown_date


@dataclass(slots=True)
class Record:
    """One valid record: typed values for every field, and where it was read from."""

    survey: str
    key: str
    values: dict[str, Any]
    file: str
    row: int | None = None
    sheet: str | None = None
    # The personal data validation found in each free-text field: field -> (the text looked
    # at, its findings as (start, end, kind)). The dataset redacts with them instead of looking
    # again (tilsyn.dataset.redact_free_text), where the text and the names are still the same.
    found: dict[str, tuple[str, tuple[tuple[int, int, str], ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    source_id: str | None = None  # the submission's instance id (ODK, Kobo), for provenance


@dataclass(frozen=True, slots=True)
class Excluded:
    """A record left out of the dataset, named with the codes of the errors that excluded it."""

    key: str | None
    file: str
    row: int | None
    sheet: str | None
    codes: tuple[str, ...]


@dataclass
class Validator:
    """Validates tables one after another, remembering keys to find duplicates across files."""

    now: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    names: tuple[str, ...] = ()
    read_counts: Counter[str] = field(default_factory=Counter)
    keep_records: bool = True
    _good_keys: set[tuple[str, ...]] = field(default_factory=set)  # JSON key sets already checked
    _survey_of_keys: dict[tuple[str, ...], Survey | None] = field(default_factory=dict)
    # key -> (file, row, fingerprint of the values): enough to name a duplicate and tell an
    # identical copy from a conflicting one, without holding every record in memory.
    _seen: dict[tuple[str, str], tuple[str, int | None, int]] = field(default_factory=dict)
    _parsers: dict[str, dict[str, Callable]] = field(default_factory=dict)
    # told the line or row reached, every few thousand rows: progress within one large file
    on_row: Callable[[int], None] | None = None
    # (file, sheet) -> fields whose column is misnamed there (COL004): not also VAL001 per row
    _misnamed: dict[tuple[str, str | None], set[str]] = field(default_factory=dict)
    _detectors: tuple | None = None  # (free text, other text): built on first use
    _label_kinds: dict[str, Counter[str]] = field(default_factory=dict)
    _text_fields: dict[str, list] = field(default_factory=dict)
    _found_texts: dict[tuple, str] = field(default_factory=dict)
    _record_sheets: set[str] = field(default_factory=set)  # files with a sheet of records

    def table(self, table: Table) -> int:
        """Validate every row of a table; returns how many records it held."""
        for warning in table.warnings:
            self._read_problem(table, warning, WARNING)
        if table.hidden and not self._holds_records(table):
            return 0  # a hidden sheet of code lists for the drop-downs, say
        if table.listed_without_records:
            if table.file in self._record_sheets or not self._holds_records(table):
                return 0  # an export's results and summaries beside its records sheet
            self.diagnostics.append(diagnostic("READ028", file=table.file, sheet=table.sheet))
        survey = self._survey_for_table(table)
        if table.headers is not None and survey is None:
            return 0
        if table.headers is not None:
            self._record_sheets.add(table.file)
        if table.hidden:
            self.diagnostics.append(
                Diagnostic(
                    "READ018",
                    WARNING,
                    "the sheet is hidden in the workbook; its records are read too",
                    "Unhide the sheet to check it, or delete it if its rows are not wanted.",
                    file=table.file,
                    sheet=table.sheet,
                )
            )
        count = 0
        for item in table.rows:
            if self.on_row is not None and count % 2000 == 1999 and item.row is not None:
                self.on_row(item.row)
            if isinstance(item, ReadError):  # a row lost at reading: said, and listed
                if codes()[item.code].severity == WARNING:  # said, and reading goes on
                    self._read_problem(table, item, WARNING)
                    continue
                key = self._read_problem(table, item, ERROR)
                self.excluded.append(
                    Excluded(key, table.file, item.row, item.sheet or table.sheet, (item.code,))
                )
                continue
            row_survey = survey or self._survey_for_keys(table, item)
            if row_survey is None:
                continue
            if table.prefilled is not None:  # a form or entry sheet: maybe not filled in yet
                values = sheet_values(row_survey, item.values)
                note = not_filled_in(row_survey, table, item.row, values, self._shown_key)
                if note is not None:
                    self.diagnostics.append(note)
                    continue
            count += 1
            self.row(row_survey, table, item)
        return count

    @staticmethod
    def _holds_records(table: Table) -> bool:
        """Whether a sheet has a column for the key of the survey its header names."""
        survey = detect_survey(table.headers or [])
        return survey is not None and any(
            survey.field_for_header(h) == survey.key for h in table.headers or []
        )

    def _shown_key(self, key: str) -> str:
        """A record key as diagnostics may show it: masked when it looks like personal data."""
        return self._masked(key) if self._kinds_in_label(key) else key

    def _read_problem(self, table: Table, problem: ReadError, severity: str) -> str | None:
        """Report a problem met while reading; returns the record key as it may be shown."""
        key = problem.key and self._shown_key(problem.key)  # a form names its key
        self.diagnostics.append(
            Diagnostic(
                problem.code,
                severity,
                problem.message,
                problem.hint,
                file=table.file,
                key=key,
                field=problem.field,
                row=problem.row,
                sheet=problem.sheet or table.sheet,
            )
        )
        return key

    def _survey_for_table(self, table: Table) -> Survey | None:
        if table.survey_id:
            return get_survey(table.survey_id)
        if table.headers is None:
            return None
        survey = detect_survey(table.headers)
        if survey is None and any(detect_survey(h) for h in table.sibling_headers):
            return None  # a sheet of notes or summaries beside the data sheets: not records
        if survey is None:
            self.diagnostics.append(
                diagnostic(
                    "COL003", params={"keys": _any_key()}, file=table.file, sheet=table.sheet, row=1
                )
            )
            return None
        self._check_headers(survey, table, table.headers)
        return survey

    def _survey_for_keys(self, table: Table, raw: RawRow) -> Survey | None:
        keys = tuple(raw.values)
        if keys not in self._survey_of_keys:  # JSON records mostly share one set of keys
            self._survey_of_keys[keys] = detect_survey(keys)
        survey = self._survey_of_keys[keys]
        if survey is None:
            self.diagnostics.append(
                diagnostic("COL003", "record", {"keys": _any_key()}, file=table.file, row=raw.row)
            )
            self.excluded.append(Excluded(None, table.file, raw.row, table.sheet, ("COL003",)))
        return survey

    def _check_headers(
        self,
        survey: Survey,
        table: Table,
        headers: Iterable[str],
        row: int | None = 1,
        key: str | None = None,
    ) -> bool:
        """Whether every header names a field once (tilsyn.headers); a field whose column is
        misnamed is remembered, so its rows are not also reported as missing the answer."""
        where = {"file": table.file, "sheet": table.sheet, "row": row, "key": key}
        checked = check_headers(survey, table, headers, where)
        self.diagnostics += checked.diagnostics
        if checked.misnamed:
            self._misnamed.setdefault((table.file, table.sheet), set()).update(checked.misnamed)
        return checked.ok

    def _parsers_for(self, survey: Survey) -> dict[str, Callable]:
        parsers = self._parsers.get(survey.id)
        if parsers is None:
            parsers = {f.name: parser_for(survey, f) for f in survey.fields}
            self._parsers[survey.id] = parsers
        return parsers

    @staticmethod
    def _many_fields(survey: Survey) -> frozenset[str]:
        return frozenset(f.name for f in survey.fields if f.type == "many")

    def row(self, survey: Survey, table: Table, raw: RawRow) -> Record | None:
        """Validate one raw row; a valid record is kept, an invalid one is excluded."""
        parsers = self._parsers_for(survey)
        many = self._many_fields(survey) if table.choice_separator else ()
        self.read_counts[survey.id] += 1
        start = len(self.diagnostics)
        values: dict[str, Any] = dict.fromkeys(parsers)
        mapped: dict[str, Any] = {}  # field -> value as read
        header_of: dict[str, str] = {}  # field -> the column (or JSON key) it was read from
        for header, name, value in sheet_values(survey, raw.values):
            if name is not None and name not in mapped:
                mapped[name] = value
                header_of[name] = header
        key_value = mapped.get(survey.key)
        record_key = None if is_empty(key_value) else str(key_value).strip()
        if record_key:  # never repeated in a diagnostic or «excluded» if personal data
            record_key = self._shown_key(record_key)
        if table.headers is None:
            keys = tuple(raw.values)
            if keys not in self._good_keys and self._check_headers(
                survey, table, keys, raw.row, record_key
            ):
                self._good_keys.add(keys)

        def report(code: str, name: str | None, variant: str = "", **params: Any) -> None:
            column = table.columns.get(header_of.get(name)) if name is not None else None
            if name is not None and name in survey.by_name:
                params.setdefault("question", question(survey, name))
            self.diagnostics.append(
                diagnostic(
                    code,
                    variant,
                    params,
                    file=table.file,
                    key=record_key,
                    key_field=survey.key,
                    field=name,
                    row=raw.row,
                    sheet=table.sheet,
                    column=column,
                )
            )

        for name, value in mapped.items():
            if is_empty(value):
                continue
            if table.choice_separator and isinstance(value, str) and name in many:
                value = value.split()  # ODK and Kobo: a select_multiple's codes, space-separated
            try:
                values[name] = parsers[name](value)
            except BadValue as bad:
                report(bad.code, name, bad.variant, **value_params(survey, name, bad.params))
        misnamed = self._misnamed.get((table.file, table.sheet), set())
        silent = self._check_record(survey, values, mapped, report, misnamed)
        found = self._check_personal_data(survey, values, report)
        record = Record(
            survey.id,
            record_key or "",
            values,
            table.file,
            raw.row,
            table.sheet,
            found,
            raw.source_id,
        )
        unique = record_key is None or self._unique(survey, record, report)
        errors = [d.code for d in self.diagnostics[start:] if d.is_error] + silent
        if errors:
            self.excluded.append(
                Excluded(record_key, table.file, raw.row, table.sheet, tuple(dict.fromkeys(errors)))
            )
            return None
        if not unique:
            return None
        if self.keep_records:
            self.records.append(record)
        return record

    def _check_record(
        self,
        survey: Survey,
        values: dict[str, Any],
        mapped: dict[str, Any],
        report: Callable,
        misnamed: set[str],
    ) -> list[str]:
        """Report missing, unasked and future answers and broken constraints; returns the codes
        of errors not printed again per record (a required field whose column is misnamed)."""
        resolve = survey.lookup(values)
        lang = language()
        silent = []
        for f in survey.fields:
            value = values[f.name]
            if value is None and not is_empty(mapped.get(f.name)):
                continue  # already reported as unreadable
            asked = survey.is_asked(f.name, resolve)
            if value is None:
                if f.required and asked is True and f.name in misnamed:
                    silent.append("COL004")
                elif f.required and asked is True:
                    report(
                        "VAL001",
                        f.name,
                        "relevant" if f.relevant else "",
                        when=_asked_when(survey, f, lang),
                    )
            elif asked is False:
                report(
                    "VAL005",
                    f.name,
                    this=this(record_term(survey, lang), lang),
                    when=_asked_when(survey, f, lang),
                )
            elif f.not_future and _in_future(value, self.now):
                report("VAL008", f.name, value=shown_date(mapped.get(f.name), value, lang))
        for constraint in survey.constraints:
            broken = _breaks(constraint, resolve)
            place = constraint.fields[0] if constraint.fields else None
            if isinstance(broken, str):  # the rule itself cannot be evaluated: never a pass
                report("VAL013", place, constraint=constraint.id, detail=broken)
            elif broken:
                report(
                    "VAL011",
                    place,
                    message=constraint.message.get(lang) or constraint.message["en"],
                    hint=constraint.hint.get(lang) or constraint.hint.get("en", ""),
                )
        return silent

    def _check_personal_data(
        self, survey: Survey, values: dict[str, Any], report: Callable
    ) -> dict[str, tuple[str, tuple]]:
        """Warn where free text holds personal data; refuse it in every other text field (a key,
        an observer, an office name), which reaches reports and exports as it is. The finding
        itself is never printed; what was found in free text is returned (Record.found)."""
        from tilsyn.privacy import kind_label

        text_fields = self._text_fields.get(survey.id)
        if text_fields is None:
            text_fields = self._text_fields[survey.id] = [
                f for f in survey.fields if f.type == "text"
            ]
        in_free_text = {}
        for f in text_fields:
            text = values[f.name]
            if not isinstance(text, str):
                continue
            if f.personal_data:
                findings = self._detector.find(text)
                in_free_text[f.name] = (text, tuple((x.start, x.end, x.kind) for x in findings))
                kinds = Counter(finding.kind for finding in findings)
            else:
                kinds = self._label_kinds.get(text) if f.name != survey.key else None
                if kinds is None:
                    kinds = self._kinds_in_label(text, f.name != survey.key)
            if not kinds:
                continue
            counted = tuple(sorted(kinds.items()))
            lang = language()
            found = self._found_texts.get((lang, counted))
            if found is None:  # the same few combinations, over and over
                found = self._found_texts[(lang, counted)] = ", ".join(
                    f"{kind_label(kind, lang)} ({n})" for kind, n in counted
                )
            report("PRIV001" if f.personal_data else "PRIV002", f.name, found=found)
        return in_free_text

    @property
    def _detector(self):
        if self._detectors is None:
            from tilsyn.privacy import Detector

            self._detectors = (Detector(self.names), Detector(self.names, guess_names=False))
        return self._detectors[0]

    def _masked(self, text: str) -> str:
        from tilsyn.privacy import placeholder

        masked = self._detectors[1].redact(text, "en")
        return placeholder("name", "en") if masked == text else masked

    def _kinds_in_label(self, text: str, repeats: bool = False) -> Counter[str]:
        """Personal data in a field that is not free text: numbers, addresses and listed names
        anywhere, a guessed name only when it is the whole value (an office's name holds place
        names that read like one). Values that `repeat` (offices, observers) are looked up once."""
        kinds = self._label_kinds.get(text) if repeats else None
        if kinds is None:
            self._detector  # noqa: B018 - builds both detectors
            kinds = Counter(f.kind for f in self._detectors[1].find(text))
            if (
                not kinds
                and len(text.split()) > 1
                and any(
                    f.kind == "name" and f.start == 0 and f.end == len(text.strip())
                    for f in self._detectors[0].find(text.strip())
                )
            ):
                kinds = Counter(name=1)
            if repeats:
                if len(self._label_kinds) > 10_000:
                    self._label_kinds.clear()
                self._label_kinds[text] = kinds
        return kinds

    def _unique(self, survey: Survey, record: Record, report: Callable) -> bool:
        """Whether the record's key is new; a second use is reported whether or not either
        record has other errors, naming where the key was first seen."""
        key = (survey.id, record.key)
        fingerprint = hash(tuple(record.values.items()))
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = (record.file, record.row, fingerprint)
            return True
        first_file, first_row, first_fingerprint = first
        where = first_file + (f" {phrase('row', row=first_row)}" if first_row is not None else "")
        lang = language()
        label = survey.label(survey.key, lang)
        params = {
            "key_name": label,
            "key_noun": in_sentence(label),
            "key": record.key,
            "where": where,
            "each": each(record_term(survey, lang), lang),
        }
        if first_fingerprint == fingerprint:
            self.read_counts[survey.id] -= 1
            report("VAL010", survey.key, **params)
            return False
        report("VAL009", survey.key, **params)
        return False


def _breaks(constraint: Any, resolve: Callable[[str], Any]) -> bool | str:
    """Whether a record breaks a survey's constraint: every value the rule reads is there and
    the rule is false. As in XLSForm, a constraint speaks of answers given: an empty or
    unasked one is reported as missing where it is required, not as a broken rule. A rule that
    cannot be evaluated (arithmetic beyond ±10^18, a derived value that cannot be computed)
    gives what is wrong with it: values are typed by then, so that is the rule's fault."""
    from tilsyn.expr import UNKNOWN, ExprError

    try:
        if any(resolve(name) is None or resolve(name) is UNKNOWN for name in constraint.rule.names):
            return False
        return constraint.rule.evaluate(resolve) is False
    except ExprError as exc:
        return exc.message


def _any_key() -> str:
    """The record keys of the known surveys, «call_id eller office_id»."""
    return f" {phrase('or')} ".join(s.key for s in all_surveys())


def _asked_when(survey: Survey, f: Any, lang: str) -> str:
    """When a question is asked, as a sentence: the survey's own words for it where it has
    them («Fyll ut bare hvis …»), else the questions it depends on, by number and label."""
    if f.relevant is None:
        return ""
    if f.relevant_hint:
        return f.relevant_hint.get(lang) or f.relevant_hint.get("en", "")
    asked_by = [question(survey, n, lang) for n in f.relevant.names if n in survey.by_name]
    return phrase("depends", lang, questions=", ".join(asked_by))


def value_params(survey: Survey, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """A value's parameters for its message: choices by their labels in the user's language,
    with the code beside them, and the survey's own words for a text's required form."""
    shown = dict(params)
    lang = language()
    if "choices" in shown:
        f = survey.by_name[name]
        shown["choices"] = ", ".join(
            f"{c.label.get(lang) or c.code} ({c.code})"
            if c.label.get(lang) not in (None, c.code)
            else c.code
            for c in f.choices
        )
    f = survey.by_name[name]
    if f.pattern is not None:
        shown["pattern_hint"] = (
            f.pattern_hint.get(lang)
            or f.pattern_hint.get("en")
            or phrase("pattern", lang, pattern=f.pattern.pattern)
        )
    return shown


def _in_future(value: Any, now: dt.datetime) -> bool:
    if isinstance(value, dt.datetime):
        return value > now
    if isinstance(value, dt.date):
        return value > now.date()
    return False
