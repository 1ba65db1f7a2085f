"""Write the sample XLSForm `sample_data/xlsform/saksgjennomgang.xlsx` and its catalogue:
the case-file survey of the test suite (tests/xlsform_survey.py), named for the guide.

    python sample_data/make_xlsform_sample.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.user_survey import CATALOGUE  # noqa: E402
from tests.xlsform_survey import CHOICES, SETTINGS, SURVEY, write_workbook  # noqa: E402

NAME = "saksgjennomgang"


def main() -> None:
    folder = ROOT / "sample_data" / "xlsform"
    settings = [SETTINGS[0], [NAME, *SETTINGS[1][1:]]]
    write_workbook(
        folder / f"{NAME}.xlsx", {"survey": SURVEY, "choices": CHOICES, "settings": settings}
    )
    catalogue = CATALOGUE.replace('id = "case-review"', f'id = "{NAME}"')
    catalogue = catalogue.replace('survey = "case-review"', f'survey = "{NAME}"')
    (folder / f"{NAME}.criteria.toml").write_text(catalogue.lstrip(), encoding="utf-8")


if __name__ == "__main__":
    main()
