"""Findings and recommendation reports as Word documents, national, per county or per office,
in bokmål, nynorsk or English.

    >>> import tilsyn
    >>> from tilsyn.report import render_report
    >>> dataset = tilsyn.open_dataset(["sample_data/"])   # or a saved results.json
    >>> render_report(dataset, "rapport.docx", scope="county:vestland", lang="nn")

The report is made from a scored dataset and never scores: the same dataset gives the same
document, whether fresh or read back from `tilsyn score -o`. The content is built as plain
data (`model`), drawn (`charts`) and laid out in a Word template (`docx_render`) whose words
live in `templates/<lang>/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from tilsyn.i18n import LANGS
from tilsyn.report.model import (
    SMALL_SAMPLE,
    Scope,
    SupportRule,
    build_model,
    free_text_of,
    parse_scope,
)
from tilsyn.report.text import ReportError, default_template, templates_root

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset

__all__ = [
    "LANGS",
    "SMALL_SAMPLE",
    "ReportError",
    "ReportInfo",
    "Scope",
    "SupportRule",
    "default_template",
    "parse_scope",
    "render_report",
    "templates_root",
]


@dataclass
class ReportInfo:
    """What a rendered report holds, for the command's summary line, and what to warn about."""

    path: Path
    scope: Scope
    lang: str
    records: int
    figures: int
    warnings: list[str] = field(default_factory=list)


def render_report(
    dataset: ScoredDataset,
    output: str | Path,
    scope: str | Scope = "national",
    lang: str = "nb",
    template: str | Path | None = None,
    *,
    include_personal_data: bool = False,
    names: Iterable[str] = (),
    small_sample: int = SMALL_SAMPLE,
    today: dt.date | None = None,
    baseline: Any = None,
    support: SupportRule = SupportRule(),
) -> ReportInfo:
    """Write the Word report on `dataset` to `output` (atomically) and say what it holds.

    `template` is a .docx with the layout (default: templates/report-<lang>.docx). Free text
    is left out unless `include_personal_data`, and then redacted (national identity numbers,
    phone numbers, e-mail addresses, `names`). Dates come from SOURCE_DATE_EPOCH when it is
    set, so two runs give the same file. `baseline`, the `ScoreRun` of the previous survey,
    adds a chapter on developments since then; `support` is the rule for when the findings
    support a recommendation (stated in the report). Raises ReportError (RPT codes) and
    OutputError.
    """
    from tilsyn.diagnostics import language, phrase
    from tilsyn.outputs import write_bytes
    from tilsyn.report.docx_render import render_docx
    from tilsyn.reproducible import now
    from tilsyn.reproducible import today as today_

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use nb, nn or en")
    run, survey = dataset.run, dataset.survey
    scope = scope if isinstance(scope, Scope) else parse_scope(scope, survey)
    warnings = []
    free_text = None
    if include_personal_data:
        if not dataset.personal_data:
            warnings.append(phrase("report_redacted_dataset"))
        free_text = free_text_of(dataset.records, survey)
    model = build_model(
        run,
        scope,
        lang,
        catalogue=dataset.catalogue,
        free_text=free_text,
        names=names,
        small_sample=small_sample,
        today=today or today_(),
        related={kind: other.run for kind, other in dataset.related.items()},
        baseline=baseline,
        include_personal_data=include_personal_data,
        support=support,
    )
    if model.records < small_sample:
        lang_used = language()
        nouns = dataset.survey.record_noun, dataset.survey.record_noun_plural
        noun = (nouns[0] if model.records == 1 else nouns[1])[lang_used]
        warnings.append(
            phrase(
                "report_small_scope", scope=scope, n=model.records, noun=noun, minimum=small_sample
            )
        )
    template_path = Path(template) if template is not None else default_template(lang)
    language_tag = model.values["t"]["language_tag"]
    data = render_docx(model, template_path, language_tag=language_tag, when=now())
    write_bytes(Path(output), data)
    return ReportInfo(Path(output), scope, lang, model.records, len(model.figures), warnings)
