"""The dataset redacts free text with what validation found in it, not by looking again
(tilsyn.dataset.redact_free_text): the same placeholders, and never a finding from another
text or from a search for other names."""

from __future__ import annotations

import pytest

import tilsyn.api as api
from tests.factories import valid_call, write_jsonl
from tilsyn import privacy

NOTES = [
    "Ring Kari Nordmann på 912 34 567 eller kari@example.no",
    "Bruker ønsker kontakt om søknad.",
    "Fnr 010190 12345, ring Ola etter kl. 12",
    "Sigrid Haugland (Ålesund) venter svar",
]


@pytest.fixture
def loaded(tmp_path):
    calls = [valid_call(call_id=f"VL-{n:03}", message_text=note) for n, note in enumerate(NOTES)]
    return api.load([write_jsonl(tmp_path / "calls.jsonl", calls)], names=("Ola",))


def _texts(dataset):
    return [r.values["message_text"] for r in dataset.records]


def test_redacted_with_validations_findings_as_by_looking_again(loaded, monkeypatch):
    searched = []
    real_find = privacy.Detector.find
    monkeypatch.setattr(
        privacy.Detector, "find", lambda self, text: searched.append(text) or real_find(self, text)
    )
    dataset = api.score_loaded(loaded, names=("Ola",))
    assert searched == []  # nothing searched again
    detector = privacy.Detector(("Ola",))
    assert _texts(dataset) == [detector.redact(note, "nb") for note in NOTES]
    assert "[telefonnummer]" in _texts(dataset)[0] and "Ola" not in _texts(dataset)[2]


def test_other_names_mean_looking_again(loaded):
    dataset = api.score_loaded(loaded, names=("Sigrid",), lang="en")
    detector = privacy.Detector(("Sigrid",))
    assert _texts(dataset) == [detector.redact(note, "en") for note in NOTES]


def test_a_text_changed_after_validation_is_searched_again(loaded):
    loaded.records[1].values["message_text"] = "Ring 48 12 34 56 i morgen"  # an API user's edit
    dataset = api.score_loaded(loaded, names=("Ola",))
    assert _texts(dataset)[1] == "Ring [telefonnummer] i morgen"
