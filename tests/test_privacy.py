"""Tests for tilsyn.privacy: finding and redacting personal data in free text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import examples
from tilsyn import personal_names, personal_numbers, privacy
from tilsyn.privacy import (
    Detector,
    Finding,
    find_personal_data,
    is_valid_fodselsnummer,
    kind_label,
    load_names,
    redact,
)

# --- an independent fødselsnummer implementation (the oracle) --------------------------------


def _control(digits: str, weights: list[int]) -> int | None:
    """The mod-11 control digit, written differently from the module on purpose."""
    total = 0
    for weight, char in zip(weights, digits, strict=False):
        total += weight * int(char)
    value = 11 - total % 11
    if value == 11:
        return 0
    if value == 10:
        return None
    return value


K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def checks_ok(number: str) -> bool:
    k1 = _control(number[:9], K1)
    if k1 is None or str(k1) != number[9]:
        return False
    k2 = _control(number[:10], K2)
    return k2 is not None and str(k2) == number[10]


def date_ok(number: str) -> bool:
    day, month = int(number[0:2]), int(number[2:4])
    day_ok = 1 <= day <= 31 or 41 <= day <= 71
    month_ok = any(1 <= month - offset <= 12 for offset in (0, 40, 80))
    return day_ok and month_ok


def oracle(number: str) -> str | None:
    if not (checks_ok(number) and date_ok(number)):
        return None
    return "d_number" if int(number[0]) >= 4 else "fodselsnummer"


def complete(nine: str) -> str | None:
    """Append both control digits to 9 digits, or None when no valid number exists."""
    k1 = _control(nine, K1)
    if k1 is None:
        return None
    k2 = _control(nine + str(k1), K2)
    if k2 is None:
        return None
    return nine + str(k1) + str(k2)


def valid_numbers(ddmmyy: str, count: int = 3) -> list[str]:
    out = []
    for individ in range(1000):
        number = complete(ddmmyy + f"{individ:03d}")
        if number:
            out.append(number)
            if len(out) == count:
                break
    return out


FNR_1990 = valid_numbers("010190")  # born 1 January 1990
D_1990 = valid_numbers("410190")  # the D-number form of the same date
FNR = FNR_1990[0]
DNR = D_1990[0]


def kinds(text: str, names=()) -> list[str]:
    return [f.kind for f in find_personal_data(text, names)]


def texts(text: str, names=()) -> list[str]:
    return [f.text for f in find_personal_data(text, names)]


# --- fødselsnummer and D-number -------------------------------------------------------------


def test_oracle_sanity():
    assert all(len(n) == 11 and checks_ok(n) for n in FNR_1990 + D_1990)
    assert FNR.startswith("010190") and DNR.startswith("410190")


@pytest.mark.parametrize("number", FNR_1990)
def test_valid_fodselsnummer_found(number):
    text = f"Innringer oppga fnr {number} i samtalen."
    found = find_personal_data(text)
    assert found == [Finding("fodselsnummer", 20, 31, number)]
    assert text[found[0].start : found[0].end] == number


@pytest.mark.parametrize("number", D_1990)
def test_valid_d_number_found(number):
    assert find_personal_data(number) == [Finding("d_number", 0, 11, number)]


def test_space_between_date_and_personal_number():
    spaced = f"{FNR[:6]} {FNR[6:]}"
    assert find_personal_data(f"fnr: {spaced}.") == [Finding("fodselsnummer", 5, 17, spaced)]
    assert kinds(f"{DNR[:6]} {DNR[6:]}") == ["d_number"]


def test_h_numbers_and_synthetic_test_numbers_found():
    h_number = valid_numbers("014190", 1)[0]  # month + 40
    tenor = valid_numbers("018190", 1)[0]  # month + 80
    assert kinds(h_number) == ["fodselsnummer"]
    assert kinds(tenor) == ["fodselsnummer"]
    assert kinds(valid_numbers("414190", 1)[0]) == ["d_number"]


def test_invalid_dates_not_found():
    for ddmmyy in (
        "000190",
        "320190",
        "400190",
        "720190",
        "011390",
        "013090",
        "016190",
        "019390",
        "010090",
    ):
        for number in valid_numbers(ddmmyy, 2):
            assert find_personal_data(number) == [], number


def test_failing_either_check_digit_not_found():
    k1_wrong = FNR[:9] + str((int(FNR[9]) + 1) % 10) + FNR[10]
    k2_wrong = FNR[:10] + str((int(FNR[10]) + 1) % 10)
    assert kinds(k1_wrong) == []
    assert kinds(k2_wrong) == []
    assert not is_valid_fodselsnummer(k1_wrong)
    assert is_valid_fodselsnummer(FNR)
    assert is_valid_fodselsnummer(f"{FNR[:6]} {FNR[6:]}")


def test_remainder_one_is_invalid():
    # Find nine digits whose first control digit would be 10 (remainder 1): no valid number.
    nine = next(f"010190{i:03d}" for i in range(1000) if _control(f"010190{i:03d}", K1) is None)
    for last in range(100):
        assert find_personal_data(f"{nine}{last:02d}") == []


def test_not_found_inside_longer_digit_runs():
    assert find_personal_data("123456789012") == []
    for text in (
        f"1{FNR}",
        f"{FNR}1",
        f"9{FNR}0",
        f"{FNR}.5",
        f"0,{FNR}",
        f"{FNR[:6]} {FNR[6:]}9",
        f"1{FNR[:6]} {FNR[6:]}",
    ):
        assert find_personal_data(text) == [], text


def test_fodselsnummer_next_to_text_and_punctuation():
    for text, start in ((f"fnr:{FNR}", 4), (f"({FNR})", 1), (f"{FNR}, ring", 0), (f"nr{FNR}x", 2)):
        assert find_personal_data(text) == [Finding("fodselsnummer", start, start + 11, FNR)]


@settings(max_examples=examples(500))
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_random_eleven_digits_hit_iff_valid(number):
    expected = oracle(number)
    found = find_personal_data(number)
    if expected:
        assert found == [Finding(expected, 0, 11, number)]
    else:
        assert found == []


_day = st.integers(1, 31).map(lambda d: f"{d:02d}")
_month = st.integers(1, 12).map(lambda m: f"{m:02d}")
_year = st.integers(0, 99).map(lambda y: f"{y:02d}")
_digit = st.integers(0, 9).map(str)


@settings(max_examples=examples(500))
@given(
    _day,
    _month,
    _year,
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.booleans(),
    st.booleans(),
    _digit,
    _digit,
    st.booleans(),
)
def test_valid_date_hit_iff_both_check_digits_valid(
    dd, mm, yy, individ, right_k1, right_k2, k1_guess, k2_guess, d_number
):
    if d_number:
        dd = str(int(dd[0]) + 4) + dd[1]
    nine = dd + mm + yy + individ
    k1 = _control(nine, K1)
    k1_digit = str(k1) if right_k1 and k1 is not None else k1_guess
    k2 = _control(nine + k1_digit, K2)
    k2_digit = str(k2) if right_k2 and k2 is not None else k2_guess
    number = nine + k1_digit + k2_digit
    valid = checks_ok(number)
    assert date_ok(number)
    found = find_personal_data(f"notat {number} slutt")
    assert bool(found) == valid
    if valid:
        assert found[0].kind == ("d_number" if d_number else "fodselsnummer")
        assert found[0].text == number


@settings(max_examples=examples(300))
@given(_day, _month, _year, st.integers(0, 999), st.integers(0, 10), st.integers(1, 9))
def test_any_single_digit_change_is_rejected(dd, mm, yy, individ, position, delta):
    number = complete(f"{dd}{mm}{yy}{individ:03d}")
    if number is None:
        return
    assert kinds(number) == ["fodselsnummer"]
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert find_personal_data(changed) == []


# --- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "98765432",
        "22334455",
        "22 33 44 55",
        "223 44 555",
        "987 65 432",
        "2233 4455",
        "+47 987 65 432",
        "+4798765432",
        "+47 98765432",
        "0047 98765432",
        "004798765432",
        "0047 22 33 44 55",
        "22.33.44.55",
        "22-33-44-55",
        "987.65.432",
        "987-65-432",
        "+47 22\u00a033\u00a044\u00a055",
        "41234567",
        "51234567",
        "61234567",
        "71234567",
        "31234567",
    ],
)
def test_phone_formats(phone):
    text = f"Ring tilbake på {phone} i dag."
    found = find_personal_data(text)
    assert found == [Finding("phone", 16, 16 + len(phone), phone)]


def test_phone_at_edges_and_punctuation():
    assert texts("98765432") == ["98765432"]
    assert texts("tlf:98765432.") == ["98765432"]
    assert texts("(+47 987 65 432)") == ["+47 987 65 432"]
    assert texts("tlf 22334455, 98765432 eller 41234567") == ["22334455", "98765432", "41234567"]


@pytest.mark.parametrize(
    "text",
    [
        "12345678",  # first digit 1
        "01234567",  # first digit 0
        "1234567",  # seven digits
        "987654321",  # nine digits
        "9876543210123",
        "x987654321",
        "kr 12 345 678",
        "ventet 14,5 minutter",
        "10.02.2021",
        "samtale 20.02.2021 kl. 14.30",
        "24.12.2021",
        "2021-2022",
        "2021.2022",
        "20210315",  # compact ISO date
        "3,22334455",
        "22334455,5",
        "1.22334455",
        "22334455-1",
        "kontonummer 9710.05.12345",
        "orgnr 974 760 673",
        "kl. 22.30-23.15",
    ],
)
def test_not_phone_numbers(text):
    assert kinds(text) == [], text


@pytest.mark.parametrize(
    "nks",
    ["55553333", "55 55 33 33", "+47 55 55 33 33", "0047 55553333", "55.55.33.33", "5555 3333"],
)
def test_nks_public_number_not_flagged(nks):
    assert find_personal_data(f"Bruker ringte {nks} (NKS)") == []
    assert redact(f"Bruker ringte {nks}") == f"Bruker ringte {nks}"


def test_no_phone_hit_inside_fodselsnummer():
    for number in FNR_1990 + D_1990:
        for text in (number, f"{number[:6]} {number[6:]}", f"fnr {number} oppgitt"):
            assert {f.kind for f in find_personal_data(text)} <= {"fodselsnummer", "d_number"}
            assert len(find_personal_data(text)) == 1


def test_no_phone_hit_inside_invalid_eleven_digits():
    assert kinds("12345678901") == []
    assert kinds("98765432101") == []
    assert kinds("987654 32101") == []


def test_fodselsnummer_and_phone_side_by_side():
    text = f"{FNR} 98765432"
    assert kinds(text) == ["fodselsnummer", "phone"]
    # Glued by a hyphen: the phone only shows once the fødselsnummer is taken out.
    glued = f"{FNR}-98765432"
    assert kinds(glued) == ["fodselsnummer", "phone"]
    assert redact(glued) == "[fødselsnummer]-[telefonnummer]"


# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "ola.nordmann@nav.no",
        "per+tilsyn@example.com",
        "kari_n-2@sub.domene.no",
        "åse.ødegård@kommune.no",
        "x@y.io",
    ],
)
def test_email(address):
    text = f"Send til <{address}>."
    assert find_personal_data(text) == [Finding("email", 10, 10 + len(address), address)]


def test_not_email():
    assert kinds("skriv @nav på sosiale medier") == []
    assert kinds("a@b") == []
    assert kinds("ingen e-post") == []


def test_email_sentence_end():
    assert texts("Skriv til per@nav.no.") == ["per@nav.no"]


# --- names ---------------------------------------------------------------------------------

NAMES = ["Åse Ødegård", "Per Ole", "Per", "Ærlig Østby-Ås"]


def test_names_case_insensitive_and_norwegian_letters():
    text = "ÅSE ØDEGÅRD ringte, så åse ødegård igjen, deretter per ole og PER."
    expected = [(text.index(t), t) for t in ("ÅSE ØDEGÅRD", "åse ødegård", "per ole", "PER")]
    assert find_personal_data(text, NAMES) == [
        Finding("name", i, i + len(t), t) for i, t in expected
    ]
    assert texts("Ærlig Østby-Ås", NAMES) == ["Ærlig Østby-Ås"]


def test_names_whole_words_only():
    for text in (
        "Persen",
        "Olsen-Persen",
        "personalet",
        "персонал",
        "Per2",
        "_Per",
        "SuperPer",
        "Åsen",
        "Peråse",
    ):
        assert kinds(text, ["Per", "Åse"]) == [], text
    assert texts("Per-Olav", ["Per"]) == ["Per"]  # a hyphen ends a word
    assert texts("«Per»", ["Per"]) == ["Per"]


def test_full_name_beats_part_and_whitespace_varies():
    assert [f.text for f in Detector(NAMES, guess_names=False).find("Per Ole Hansen")] == [
        "Per Ole"
    ]
    assert texts("Per Ole Hansen", NAMES) == ["Per Ole Hansen"]  # the guess is longer
    assert texts("per olesen", NAMES) == ["per"]
    assert texts("Per  Ole", NAMES) == ["Per  Ole"]
    assert texts("Per\nOle", NAMES) == ["Per\nOle"]
    assert texts("Åse", NAMES) == []  # only the full name is listed


def test_no_single_names_without_a_list():
    assert find_personal_data("Per ringte, og Ole tok telefonen") == []
    assert Detector(guess_names=False).find("Per Ole ringte") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ring Sigrid Haugland etter kl 12.", ["Ring Sigrid Haugland"]),
        ("Fullmektig er Ann-Kari Dahl Vik.", ["Ann-Kari Dahl Vik"]),
        ("Nav Grünerløkka svarte ikkje.", []),
        ("Nav Kontaktsenter sende melding til Nav Bergen nord.", []),
        ("Statsforvalteren i Vestland, Helsetilsynet og Nav Tromsø.", []),
        ("Bydel Frogner Sigrid Holm", ["Frogner Sigrid Holm"]),
        ("I Bergen var det lang kø.", []),
    ],
)
def test_full_names_are_guessed_without_a_list(text, expected):
    assert texts(text) == expected


def test_names_ignore_blank_entries_and_accept_a_single_string():
    assert Detector(["", "  ", "Per"]).names == ("Per",)
    assert Detector("Per Ole").find("per ole") == [Finding("name", 0, 7, "per ole")]


def test_names_with_regex_characters():
    assert texts("Dr. (Kari) Nordmann", ["(Kari)"]) == ["(Kari)"]
    assert texts("Kari+Ola", ["Kari+Ola"]) == ["Kari+Ola"]
    assert kinds("KariXOla", ["Kari.Ola"]) == []


def test_many_names():
    names = [f"Navn{i} Etternavn{i}" for i in range(3000)] + ["Per"]
    detector = Detector(names)
    assert [f.text for f in detector.find("navn2999 etternavn2999 og per")] == [
        "navn2999 etternavn2999",
        "per",
    ]
    assert detector.find("Navn3000 Etternavn3000") == []


def test_load_names(tmp_path):
    path = tmp_path / "navn.txt"
    path.write_text(
        "\ufeff# navn fra saken\nÅse Ødegård\n\n  Per Ole  \n#Ikke\nPer\nPer\n", encoding="utf-8"
    )
    assert load_names(path) == ["Åse Ødegård", "Per Ole", "Per"]
    assert redact("Per Ole og Åse Ødegård", names=load_names(str(path))) == "[navn] og [navn]"


# --- redaction -------------------------------------------------------------------------------

SAMPLE = f"Per ringte fra 987 65 432, fnr {FNR}, D-nr {DNR}, e-post per@nav.no."


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "nb",
            "[navn] ringte fra [telefonnummer], fnr [fødselsnummer], D-nr [D-nummer], "
            "e-post [e-postadresse].",
        ),
        (
            "nn",
            "[namn] ringte fra [telefonnummer], fnr [fødselsnummer], D-nr [D-nummer], "
            "e-post [e-postadresse].",
        ),
        (
            "en",
            "[name] ringte fra [phone number], fnr [national identity number], D-nr [D number], "
            "e-post [e-mail address].",
        ),
    ],
)
def test_redaction_placeholders_per_language(lang, expected):
    assert redact(SAMPLE, lang, names=["Per"]) == expected
    assert Detector(["Per"]).redact(SAMPLE, lang=lang) == expected


def test_language_codes():
    assert redact("98765432", "nb-NO") == "[telefonnummer]"
    assert redact("98765432", "nn_NO") == "[telefonnummer]"
    assert redact("98765432", "en-GB") == "[phone number]"
    with pytest.raises(ValueError):
        redact("98765432", "de")
    with pytest.raises(ValueError):
        redact("", "sv")


def test_kind_label():
    assert kind_label("phone", "nb") == "telefonnummer"
    assert kind_label("name", "nn") == "namn"
    assert kind_label("name", "nb") == "navn"
    assert kind_label("fodselsnummer", "en") == "national identity number"
    assert kind_label("d_number", "en") == "D number"
    assert kind_label("email", "en") == "e-mail address"
    for lang in privacy.LANGUAGES:
        assert set(privacy._LABELS[lang]) == set(privacy.KINDS)
        for kind in privacy.KINDS:
            assert kind_label(kind, lang)
            assert privacy.placeholder(kind, lang).startswith("[")
    with pytest.raises(ValueError):
        kind_label("address", "nb")


def test_overlapping_findings_longest_wins():
    names = ["Per", "Nordmann", "nav"]
    # A name inside an e-mail address: one e-mail address.
    assert find_personal_data("per.nordmann@nav.no", names) == [
        Finding("email", 0, 19, "per.nordmann@nav.no")
    ]
    # A fødselsnummer or phone number as the local part of an address.
    assert kinds(f"{FNR}@example.com") == ["email"]
    assert kinds("98765432@sms.example.no") == ["email"]
    # Partial overlap: "Per Ole" against "ole@x.no"; the longer e-mail wins and the
    # separately listed "Per" is still found.
    assert find_personal_data("Per ole@x.no", ["Per Ole", "Per"]) == [
        Finding("name", 0, 3, "Per"),
        Finding("email", 4, 12, "ole@x.no"),
    ]


def test_findings_sorted_and_non_overlapping():
    text = f"{SAMPLE} Ring 22 33 44 55 eller {FNR[:6]} {FNR[6:]}. Per Ole, per@nav.no"
    found = find_personal_data(text, NAMES)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[f.start : f.end] == f.text for f in found)
    assert [f.kind for f in found] == [
        "name",
        "phone",
        "fodselsnummer",
        "d_number",
        "email",
        "phone",
        "fodselsnummer",
        "name",
        "email",
    ]


def test_idempotent():
    once = redact(SAMPLE, names=["Per"])
    assert redact(once, names=["Per"]) == once
    for lang in privacy.LANGUAGES:
        once = redact(SAMPLE, lang, names=["Per"])
        assert redact(once, lang, names=["Per"]) == once
        # even across languages
        assert redact(once, "nb", names=["Per"]) == once


def test_placeholders_are_never_findings():
    # Even a name list that holds words used in placeholders.
    names = ["navn", "namn", "name", "nummer", "number", "mail", "address", "D", "e"]
    for lang in privacy.LANGUAGES:
        once = redact(f"{SAMPLE} navn", lang, names=names + ["Per"])
        assert redact(once, lang, names=names) == once
    assert find_personal_data("[navn] [D-nummer] [e-mail address]", names) == []
    assert texts("[navn] navn", names) == ["navn"]


def test_empty_and_none():
    assert redact("") == ""
    assert redact(None) is None
    assert find_personal_data("") == []
    assert find_personal_data(None) == []
    assert Detector().redact(None) is None
    assert redact("ingen personopplysninger her") == "ingen personopplysninger her"


_FRAGMENTS = [
    FNR,
    f"{FNR[:6]} {FNR[6:]}",
    DNR,
    "98765432",
    "22 33 44 55",
    "+47 987 65 432",
    "55 55 33 33",
    "per@nav.no",
    "Per",
    "Per Ole",
    "Åse Ødegård",
    "Persen",
    "10.02.2021",
    "14,5",
    "1",
    "0",
    "-",
    ".",
    ",",
    "@",
    "[navn]",
    "[telefonnummer]",
    "[D number]",
    "x",
    "ø",
    "kr 12 345",
    "2021-2022",
    "\n",
]


@settings(max_examples=examples(400))
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12),
    st.lists(st.sampled_from(["", " ", "  ", "-", ".", ","]), min_size=12, max_size=12),
    st.sampled_from(privacy.LANGUAGES),
)
def test_redaction_properties(parts, seps, lang):
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    detector = Detector(["Per", "Per Ole", "Åse Ødegård"])
    found = detector.find(text)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[f.start : f.end] == f.text and f.kind in privacy.KINDS for f in found)
    once = detector.redact(text, lang)
    assert detector.redact(once, lang) == once
    # Nothing is left to find, and each finding became one placeholder.
    assert detector.find(once) == []
    table = privacy._PLACEHOLDERS[lang]
    for kind in privacy.KINDS:
        wanted = sum(f.kind == kind for f in found) + text.count(table[kind])
        assert once.count(table[kind]) == wanted


class _AlwaysLookAgain(Detector):
    def _hides_more(self, scan, new):
        return True


_DETECTOR_NAMES = ["Per", "Per Ole", "Åse Ødegård", "(Kari)", "ole"]


@settings(max_examples=examples(400))
@given(
    st.lists(
        st.sampled_from(_FRAGMENTS + ["(Kari)", "ole@x.no", "Ole", "+", "_", "%", "a"]), max_size=12
    ),
    st.lists(st.sampled_from(["", " ", "-", ".", ","]), min_size=12, max_size=12),
    st.booleans(),
)
def test_shortcut_finds_the_same_as_looking_again(parts, seps, odd_names):
    """Detector.find stops looking once masking its findings cannot reveal more; the result
    must equal looking again every time."""
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    names = _DETECTOR_NAMES if odd_names else _DETECTOR_NAMES[:3]
    assert Detector(names).find(text) == _AlwaysLookAgain(names).find(text)


@settings(max_examples=examples(300))
@given(st.text(max_size=80))
def test_arbitrary_text_does_not_crash(text):
    found = find_personal_data(text, ["Per"])
    assert all(text[f.start : f.end] == f.text for f in found)
    once = redact(text, names=["Per"])
    assert redact(once, names=["Per"]) == once


# --- performance and imports -----------------------------------------------------------------


def test_imports_only_stdlib():
    code = (
        "import sys; before = set(sys.modules); import tilsyn.privacy; "
        "new = set(sys.modules) - before; "
        "bad = [m for m in new if m.split('.')[0] not in sys.stdlib_module_names "
        "and m.split('.')[0] != 'tilsyn']; "
        "print(','.join(sorted(bad)))"
    )
    root = str(Path(privacy.__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == ""


def test_regexes_precompiled():
    for module, name in (
        (personal_numbers, "FNR_CHAIN"),
        (personal_numbers, "PHONE"),
        (personal_names, "GUESSED_NAME"),
        (privacy, "_EMAIL"),
        (privacy, "_PLACEHOLDER"),
    ):
        assert isinstance(getattr(module, name), re.Pattern)


def _plain_name_pattern() -> re.Pattern[str]:
    """The name pattern written with Unicode letter classes in full, as it read before the
    letters were translated to their case: the oracle for the translated one."""
    upper = lower = ""
    for code in (*range(0x41, 0x530), *range(0x1E00, 0x2000)):
        char = chr(code)
        if char.isupper() or char.istitle():
            upper += char
        elif char.islower() or (char.isalpha() and code >= 0xC0) or 0x300 <= code < 0x370:
            lower += char
    u, lo = re.escape(upper), re.escape(lower)
    part = rf"(?:[{u}][{lo}]+(?:[{u}][{lo}]+)?|[{u}]{{2,}})"
    word = rf"(?:[{u}]['\u2019])?{part}(?:[-'\u2019]{part})*"
    return re.compile(
        rf"(?=[{u}])(?<![\w-]){word}(?:{personal_names.GAP}(?:{personal_names.PARTICLE}"
        rf"{personal_names.GAP}){{0,2}}{word}){{1,3}}(?![\w-])"
    )


_PLAIN_NAMES = _plain_name_pattern()
_NAME_PIECES = st.tuples(
    st.sampled_from(
        [
            "Kari",
            "NORDMANN",
            "van",
            "der",
            "de",
            "dé",
            "Dà",
            "da",
            "la",
            "Łukasz",
            "ŊUVTTAT",
            "Ἀθηνᾶ",
            "Éva",
            "E\u0301va",
            "Ole-Ivar",
            "O’Neil",
            "McDonald",
            "Nav",
            "ª",
            "µ",
            "1",
            "_",
            "Žiga",
            "Дмитрий",
            "ДМИТРИЙ",
            "ß",
            "ǅ",
            "-",
            "'",
        ]
    ),
    st.sampled_from([" ", " ", "  ", "\u00a0", "\n", "", "-", ", "]),
).map("".join)


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(_NAME_PIECES, max_size=8).map("".join))
def test_names_are_found_in_the_letters_case_as_in_the_letters_themselves(text):
    """The guessing pattern runs on the text with each letter shown as its case (one
    character for one): it must find exactly the runs the pattern with full letter classes
    finds, particles («de», not «dé») and decomposed accents included."""
    shown = text if text.isascii() else text.translate(personal_names.letter_cases())
    assert [m.span() for m in personal_names.GUESSED_NAME.finditer(shown)] == [
        m.span() for m in _PLAIN_NAMES.finditer(text)
    ]
