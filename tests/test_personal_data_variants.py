"""Personal data found however it is written: broken over a line, after a date with its
century, in other scripts, with apostrophes, with international prefixes and other
separators, in full-width forms; and ordinary Norwegian text left alone."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.factories import examples
from tests.test_redaction_limits import _complete
from tilsyn.privacy import find_personal_data, redact


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text)]


_births = st.builds(
    lambda d, m, y, i: (d, m, y, _complete(f"{d:02d}{m:02d}{y % 100:02d}{i:03d}")),
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(1900, 2025),
    st.integers(0, 999),
).filter(lambda b: b[3] is not None)
_line_breaks = st.sampled_from(["\n", "\r\n", " \n", "\n  ", "\r"])


# --- fødselsnummer ---------------------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(_births, st.integers(1, 10), _line_breaks)
def test_a_fodselsnummer_broken_over_a_line_is_found(birth, cut, line_break):
    number = birth[3]
    written = number[:cut] + line_break + number[cut:]
    text = f"Innringer oppga {written} i samtalen."
    assert found(text) == [("fodselsnummer", written)]
    assert number[:cut] not in redact(text).replace("[fødselsnummer]", "")


@settings(max_examples=examples(300), deadline=None)
@given(
    _births,
    st.sampled_from(["{d:02d}.{m:02d}.{y}", "{d}.{m}.{y}", "{d:02d}{m:02d}{y}", "{d}/{m}/{y}"]),
    st.sampled_from([" ", "-", "  ", "\n", ". ", ""]),
)
def test_a_fodselsnummer_after_a_date_with_its_century_is_found(birth, date, gap):
    d, m, y, number = birth
    written = date.format(d=d, m=m, y=y) + gap + number[6:]
    text = f"Født {written}, ringte i dag."
    assert found(text) == [("fodselsnummer", written)]
    assert number[6:] not in redact(text)


# --- names -----------------------------------------------------------------------------------

_FIRST = ["Kari", "Иван", "Νίκος", "محمد", "יוסף", "Łukasz", "Sean", "Åse"]
_LAST = ["Holm", "Петров", "Παπαδόπουλος", "علي", "כהן", "O'Brien", "D’Angelo", "Ødegård"]


@settings(max_examples=examples(300), deadline=None)
@given(
    st.sampled_from(_FIRST),
    st.sampled_from(_LAST),
    st.sampled_from([" ", "\n", "\u00a0", " \n ", "\r\n"]),
    st.sampled_from(["Ringte {} i går.", "{} ba om svar.", "Notat: {}", "Fullmektig {}."]),
)
def test_full_names_in_any_script_with_apostrophes_and_over_a_line_are_found(
    first, last, gap, sentence
):
    name = f"{first}{gap}{last}"
    text = sentence.format(name)
    names = [t for kind, t in found(text) if kind == "name"]
    assert any(name in t for t in names), (text, names)
    assert first not in redact(text) and last not in redact(text)


def test_a_blank_line_ends_a_name():
    assert found("spurte etter Kari\n\nHolm tok telefonen") == []


# --- phone numbers ---------------------------------------------------------------------------

_phones = st.integers(40_000_000, 99_999_999).map(str).filter(lambda p: p != "55553333")
_prefixes = st.sampled_from(["", "+47 ", "+47", "0047 ", "(+47) ", "(0047)", "+47-", "47 "])
_shapes = st.sampled_from(
    [
        "{}",
        "{a} {b} {c} {d}",
        "{a}-{b}-{c}-{d}",
        "{a}.{b}.{c}.{d}",
        "{a}/{b}/{c}/{d}",
        "{a}{b} {c}{d}",
        "{a}{b}-{c}{d}",
        "{x} {y} {z}",
        "{x} {yz} {w}",
        "{a} {b} {c}{d}",
        "{a} {b}\n{c} {d}",
    ]
)


def _written(phone: str, shape: str) -> str:
    return shape.format(
        phone,
        a=phone[:2],
        b=phone[2:4],
        c=phone[4:6],
        d=phone[6:],
        x=phone[:3],
        y=phone[3:5],
        z=phone[5:],
        yz=phone[3:6],
        w=phone[6:],
    )


@settings(max_examples=examples(500), deadline=None)
@given(_phones, _prefixes, _shapes)
def test_phone_numbers_with_prefixes_and_separators_are_found(phone, prefix, shape):
    written = prefix + _written(phone, shape)
    text = f"Ring {written} i morgen."
    assert found(text) == [("phone", written)]


@settings(max_examples=examples(300), deadline=None)
@given(_phones, _phones, _shapes, st.sampled_from([",", "-", ", ", " / ", "/"]))
# 11 digits across the join that happen to check as a fødselsnummer or a D-number:
@example("61927900", "49676700", "{x} {yz} {w}", "-")
@example("71524555", "64000000", "{x} {y} {z}", "-")
def test_two_numbers_joined_are_two_numbers(first, second, shape, joint):
    a, b = _written(first, shape), _written(second, shape)
    text = f"Tlf {a}{joint}{b}."
    assert [kind for kind, _ in found(text)] == ["phone", "phone"]
    assert [t for _, t in found(text)] == [a, b]


_FULL_WIDTH = str.maketrans("0123456789+@", "０１２３４５６７８９＋＠")


@settings(max_examples=examples(200), deadline=None)
@given(_phones, st.sampled_from(["", "+47 "]), st.sampled_from(["{}", "{a} {b} {c} {d}"]))
def test_full_width_and_other_script_digits_are_read_as_digits(phone, prefix, shape):
    written = (prefix + _written(phone, shape)).translate(_FULL_WIDTH)
    assert found(f"Ring {written} nå") == [("phone", written)]
    arabic = _written(phone, shape).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert found(f"Ring {arabic} nå") == [("phone", arabic)]


@pytest.mark.parametrize(
    "number", ["+46 70 123 45 67", "+44 20 7946 0958", "0045 12 34 56 78", "+1 (555) 123-4567"]
)
def test_numbers_of_other_countries_are_found(number):
    assert found(f"Ring {number} i dag") == [("phone", number)]


# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "ola@localhost",
        "ola.nordmann@[192.168.0.1]",
        "ola@[IPv6:2001:db8::1]",
        "ola＠nav.no",
        "ola.nordmann＠nav．no",
        "kari@intranett",
    ],
)
def test_e_mail_variants(address):
    assert found(f"Skriv til {address} i dag") == [("email", address)]


# --- ordinary Norwegian text is left alone ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Samtalen 24.12.2021 kl. 14.30 varte 12 minutter.",
        "Mellom 2021-12-24 og 2022-01-03 var kontoret stengt.",
        "Åpent kl. 20.15-21.30 og 08.00-15.30.",
        "Kontoret svarte 24.12 20.15.",
        "Saksnummer 2021/12345 og 21/1234-5.",
        "Utbetalt kr 1 234 567,50 i 2021.",
        "Perioden 2020-2021 og 2021/2022.",
        "Nav Bergen nord og Nav Kontaktsenter.",
        "Statsforvalteren i Vestland ringte Nav Voss.",
        "Ventet 14,5 minutter, så 3,5 til.",
        "Ring 55 55 33 33 (NKS).",
        "Skriv @nav på sosiale medier.",
        "a@b",
        "orgnr 974 760 673",
        "kontonummer 9710.05.12345",
        "Dato: 01.01.1990, 3 samtaler.",
    ],
)
def test_ordinary_text_has_no_personal_data(text):
    assert found(text) == []


@settings(max_examples=examples(300), deadline=None)
@given(
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(1990, 2030),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 23),
    st.integers(0, 59),
)
def test_dates_and_times_are_not_phone_numbers(day, month, year, h1, m1, h2, m2):
    for text in (
        f"{day:02d}.{month:02d}.{year}",
        f"{day:02d}/{month:02d}/{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{h1:02d}.{m1:02d}-{h2:02d}.{m2:02d}",
        f"{year}-{year + 1}",
        f"{day:02d}.{month:02d} {h1:02d}.{m1:02d}",
    ):
        assert found(f"Samtale {text} ble notert.") == [], text
