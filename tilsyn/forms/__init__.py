"""Word and spreadsheet forms: blank forms from the survey definition, and filled ones for tests
and benchmarks. Filled forms are read back by `tilsyn.readers.docx`.

Imported lazily: `from tilsyn.forms import fill_form` loads python-docx only when called, so
that `tilsyn --help` never pays for it.
"""

from __future__ import annotations

_EXPORTS = {
    "fill_form": "tilsyn.forms.docx_writer",
    "write_form": "tilsyn.forms.docx_writer",
    "write_sheet": "tilsyn.forms.xlsx_writer",
    "make_forms": "tilsyn.forms.blank",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tilsyn.forms' has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
