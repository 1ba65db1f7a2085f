"""Auditor exports: the dataset and its scoring results as a workbook, CSV or JSON Lines.

Kept free of heavy imports: the CSV reader uses `tilsyn.export.cells` on the start-up path.
"""
