"""One question row of an XLSForm's survey sheet as a field of the definition's data."""

from __future__ import annotations

from typing import Any

from tilsyn.xlsform.constraints import recognised
from tilsyn.xlsform.sheets import texts
from tilsyn.xlsform.vocabulary import TRUTH, text_value

# a field's key -> the column it comes from, where a problem with it is placed
COLUMNS = {
    "name": "name",
    "type": "type",
    "choices": "type",
    "label": "label",
    "help": "hint",
    "required": "required",
    "relevant": "relevant",
    "relevant_hint": "tilsyn_relevant_hint",
    "exclusive": "constraint",
    "missing_codes": "tilsyn_missing_codes",
    "min": "constraint",
    "max": "constraint",
    "pattern": "constraint",
    "not_future": "constraint",
    "personal_data": "tilsyn_personal_data",
}


def field_data(
    form: Any,
    row: int,
    kind: str,
    argument: str,
    values: dict[str, str],
    groups: list[tuple[str, str | None]],
    path: tuple,
) -> dict[str, Any]:
    """The field a question row defines (`form` is the workbook being read)."""
    name = values.get("name", "")
    form.checker.places[path] = form.cell("survey", row, "name")
    for key, column in COLUMNS.items():
        form.checker.places[(*path, key)] = form.cell("survey", row, column)
    data: dict[str, Any] = {"name": name, "type": argument, "label": _texts(form, values, name)}
    if groups:
        data["section"] = groups[-1][0]
    for key, column in (("help", "hint"), ("relevant_hint", "tilsyn_relevant_hint")):
        found = texts(values, column, form.language)
        if found:
            data[key] = text_value(found)
    _flags(form, row, name, values, data)
    relevant = _relevance(form, row, values, groups, path)
    if relevant:
        data["relevant"] = relevant
    if kind in ("select_one", "select_multiple"):
        _choices(form, row, kind, argument, data)
    if "calculate" in values:
        form.problem("SRV018", "calculate", form.cell("survey", row, "calculate"), name, value="")
    if values.get("constraint"):
        _constraint(form, row, values, data)
    return data


def _texts(form: Any, values: dict[str, str], name: str) -> Any:
    return text_value(form._label(values, name))


def _flags(form: Any, row: int, name: str, values: dict[str, str], data: dict[str, Any]) -> None:
    """required, tilsyn_personal_data (yes or no), tilsyn_missing_codes, a multiline text."""
    for key, column in (("required", "required"), ("personal_data", "tilsyn_personal_data")):
        raw = values.get(column, "")
        truth = TRUTH.get(raw.strip().casefold())
        if truth is None:
            where = form.cell("survey", row, column)
            form.problem("SRV018", column, where, name, value=raw)
        elif truth:
            data[key] = True
    missing = values.get("tilsyn_missing_codes", "").split()
    if missing:
        data["missing_codes"] = missing
    if "multiline" in values.get("appearance", "").split():
        data["multiline"] = True


def _relevance(
    form: Any, row: int, values: dict[str, str], groups: list[tuple[str, str | None]], path: tuple
) -> str:
    """The field's own relevance and that of every group it is in, all of which must hold."""
    rules = [rule for _, rule in groups if rule]
    if values.get("relevant"):
        part = form.translate(values["relevant"], (*path, "relevant"), row)
        if part is not None:
            rules.append(part.text)
    if len(rules) == 1:
        return rules[0]
    return " and ".join(f"({rule})" for rule in rules)


def _choices(form: Any, row: int, kind: str, argument: str, data: dict[str, Any]) -> None:
    listed = form.choices.get(argument)
    if not listed:
        where = form.cell("survey", row, "type")
        form.problem("SRV018", "list", where, data["name"], value=argument)
        data["type"] = "one" if kind == "select_one" else "many"
        data["choices"] = []
        return
    codes = [choice["code"] for choice in listed]
    if kind == "select_one" and sorted(codes) == ["no", "yes"]:
        data["type"] = "yesno"
        return
    data["type"] = "one" if kind == "select_one" else "many"
    data["choices"] = listed


def _constraint(form: Any, row: int, values: dict[str, str], data: dict[str, Any]) -> None:
    """A constraint on the answer: the bounds, pattern, date or lone choice it says, and a
    constraint of the record (with its message) for the rest."""
    name, source = data["name"], values["constraint"]
    constraints = form.data.setdefault("constraints", [])
    path = ("constraints", len(constraints), "rule")
    parts = form.constraint(source, path, row, name)
    if parts is None:
        return
    found, rest = recognised(parts, name, data["type"])
    data.update(found)
    messages = form.messages(values, source)
    if not rest:
        if "pattern" in found and _any_message(values):
            data["pattern_hint"] = messages
        return
    constraint: dict[str, Any] = {"id": name, "rule": rest, "fields": [name], "message": messages}
    hint = texts(values, "tilsyn_constraint_hint", form.language)
    if hint:
        constraint["hint"] = text_value(hint)
    form.checker.places[path[:2]] = form.cell("survey", row, "constraint")
    constraints.append(constraint)


def _any_message(values: dict[str, str]) -> bool:
    return any(h.partition("::")[0] == "constraint_message" for h in values)
