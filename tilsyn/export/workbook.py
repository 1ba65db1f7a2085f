"""Where report/docx/charts.py still finds the streaming workbook writer, until the report
rewrite takes it from `tilsyn.formats.workbook` (a file format, like `formats.ooxml`): then
this module goes."""

from tilsyn.formats.workbook import WorkbookWriter, xml_text  # noqa: F401
