"""The custom document property by which an export workbook names its sheets that hold no
records (results, evidence, summary ...), so the spreadsheet reader skips them on reading back."""

SHEETS_WITHOUT_RECORDS = "tilsyn:sheets-without-records"
