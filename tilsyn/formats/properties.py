"""The custom document properties by which tilsyn knows its own files when it meets them as
input: the fields `form new` filled in on a form or a spreadsheet (so that a form holding
nothing else is read as not filled in yet), and the kind of an output it wrote (a report, a
comparison workbook, a saved dataset), which is skipped when found in an input folder."""

PREFILLED = "tilsyn.prefilled"  # the field names form new filled in, separated by spaces
DOCUMENT = "tilsyn.document"  # what tilsyn wrote: one of OWN_OUTPUTS
OWN_OUTPUTS = ("report", "comparison")
SAVED_DATASET = "tilsyn-scored-dataset"  # the `format` of a dataset saved by `score -o`


def prefilled_names(properties: dict[str, str]) -> frozenset[str]:
    """The field names a form's properties say were filled in before it was handed out."""
    return frozenset(properties.get(PREFILLED, "").split())
