"""The report's content: what it says, chapter by chapter, built from a scored run as a
format-neutral document tree (tilsyn/report/document.py). No writer is imported here."""
