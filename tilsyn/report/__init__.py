"""Findings and recommendation reports as Word documents, national, per county or per office,
in bokmål, nynorsk or English.

    >>> from tilsyn.report import render_report
    >>> render_report(run, "rapport.docx", scope="county:vestland", lang="nn")

`run` is a `tilsyn.scoring.ScoreRun` (fresh, or read back with `ScoreRun.from_json`). The
content is built as plain data (`model`), drawn (`charts`) and laid out in a Word template
(`docx_render`) whose words live in `templates/<lang>/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from tilsyn.report.model import SMALL_SAMPLE, Scope, build_model, free_text_of, parse_scope
from tilsyn.report.text import LANGS, ReportError, default_template, templates_root

__all__ = ["LANGS", "SMALL_SAMPLE", "ReportError", "ReportInfo", "Scope", "default_template",
           "parse_scope", "render_report", "templates_root"]


@dataclass
class ReportInfo:
    """What a rendered report holds, for the command's summary line, and what to warn about."""

    path: Path
    scope: Scope
    lang: str
    records: int
    figures: int
    warnings: list[str] = field(default_factory=list)


def _catalogue_for(run: Any) -> Any | None:
    """The built-in catalogue that scored `run`, for criterion texts in any language."""
    from tilsyn.criteria import builtin_catalogue

    info = run.catalogue
    if info.get("source", "built-in") != "built-in":
        return None
    try:
        catalogue = builtin_catalogue(run.survey["id"])
    except KeyError:
        return None
    same = catalogue.id == info.get("id") and catalogue.version == str(info.get("version"))
    return catalogue if same else None


def render_report(run: Any, output: str | Path, scope: str | Scope = "national",
                  lang: str = "nb", template: str | Path | None = None, *,
                  catalogue: Any | None = None, records: Iterable[Any] | None = None,
                  include_personal_data: bool = False, names: Iterable[str] = (),
                  small_sample: int = SMALL_SAMPLE, today: dt.date | None = None) -> ReportInfo:
    """Write the Word report on `run` to `output` (atomically) and say what it holds.

    `template` is a .docx with the layout (default: templates/report-<lang>.docx);
    `catalogue` gives criterion texts in `lang` (default: the built-in one, when it scored the
    run); `records` (the loaded records) supply free text, which is left out unless
    `include_personal_data`, and then redacted (national identity numbers, phone numbers,
    e-mail addresses, `names`). Dates come from SOURCE_DATE_EPOCH when it is set, so two runs
    give the same file. Raises ReportError (RPT codes) and OutputError.
    """
    from tilsyn.outputs import write_bytes
    from tilsyn.report.docx_render import render_docx
    from tilsyn.report.docx_xml import source_date, source_day
    from tilsyn.survey import get_survey

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use nb, nn or en")
    survey = get_survey(run.survey["id"])
    scope = scope if isinstance(scope, Scope) else parse_scope(scope, survey)
    warnings = []
    catalogue = catalogue if catalogue is not None else _catalogue_for(run)
    if catalogue is None and run.lang != lang:
        warnings.append(f"the criterion texts are in {run.lang!r}, the language the results were "
                        f"scored in: give the catalogue with --criteria to have them in {lang!r}")
    free_text = None
    if include_personal_data:
        if records is None:
            warnings.append("a results file holds no free text: give the data files to include it")
        else:
            free_text = free_text_of(records, survey)
    when = source_date()
    model = build_model(run, scope, lang, catalogue=catalogue, free_text=free_text, names=names,
                        small_sample=small_sample, today=today or source_day(),
                        others=records or ())
    template_path = Path(template) if template is not None else default_template(lang)
    language_tag = model.values["t"]["language_tag"]
    data = render_docx(model, template_path, language_tag=language_tag, when=when)
    write_bytes(Path(output), data)
    return ReportInfo(Path(output), scope, lang, model.records, len(model.figures), warnings)
