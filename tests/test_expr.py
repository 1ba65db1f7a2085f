"""Tests for tilsyn.expr: the rule language of relevance and criteria rules."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import pickle
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import acute_call, examples, valid_call, valid_office, write_json
from tilsyn import expr
from tilsyn.criteria import builtin_catalogue
from tilsyn.expr import UNKNOWN, Expr, ExprError
from tilsyn.scoring import score
from tilsyn.validate import Record
from tilsyn.values import parser_for

T, F, U = True, False, UNKNOWN
NKS = builtin_catalogue("nks-call")
OFFICE = builtin_catalogue("office")


def ev(source: str, **values: object) -> object:
    """Evaluate with a plain dict; a name missing from the dict is a KeyError (a test bug)."""
    return expr.compile(source).evaluate(values.__getitem__)


# --------------------------------------------------------------------------------------------
# UNKNOWN and the API surface


def test_unknown_is_a_singleton_with_a_plain_repr():
    assert repr(UNKNOWN) == "UNKNOWN"
    assert type(UNKNOWN)() is UNKNOWN
    assert copy.copy(UNKNOWN) is UNKNOWN
    assert copy.deepcopy(UNKNOWN) is UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN


def test_unknown_refuses_truthiness():
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_compile_returns_expr_with_source_and_names():
    e = expr.compile("a == 'x' and b")
    assert isinstance(e, Expr)
    assert e.source == "a == 'x' and b"
    assert e.names == frozenset({"a", "b"})
    assert "a == 'x' and b" in repr(e)


def test_compile_is_memoized():
    assert expr.compile("memo_field == 'yes'") is expr.compile("memo_field == 'yes'")


def test_compile_rejects_non_strings():
    with pytest.raises(TypeError):
        expr.compile(42)  # type: ignore[arg-type]


def test_expr_error_is_a_value_error_with_message_position_source():
    with pytest.raises(ExprError) as info:
        expr.compile("a ==")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.source == "a =="
    assert err.position == 4
    assert err.message == str(err)
    assert "expected a value after '==' at position 4" in err.message


# --------------------------------------------------------------------------------------------
# names()


@pytest.mark.parametrize(
    "source, expected",
    [
        ("a", {"a"}),
        ("not a", {"a"}),
        ("a == b", {"a", "b"}),
        ("a == 'b'", {"a"}),
        ("x in ['a', 'b']", {"x"}),
        ("topics has_any ['financial_assistance'] or acute", {"topics", "acute"}),
        ("(a or b) and not (c == 1 or d has 'e')", {"a", "b", "c", "d"}),
        ("true or false", set()),
        ("and_x == or_y and not_z has in_w", {"and_x", "or_y", "not_z", "in_w"}),
        ("(q == 'x') == true", {"q"}),
        (
            "message_states_need == 'yes' and message_has_callback_details == 'yes' "
            "and (not acute or message_states_urgency == 'yes')",
            {
                "message_states_need",
                "message_has_callback_details",
                "acute",
                "message_states_urgency",
            },
        ),
    ],
)
def test_names(source, expected):
    assert expr.names(source) == frozenset(expected)
    assert isinstance(expr.names(source), frozenset)


def test_names_raises_on_syntax_errors():
    with pytest.raises(ExprError):
        expr.names("a ==")


# --------------------------------------------------------------------------------------------
# Literals and tokens


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("x == 'yes'", {"x": "yes"}, True),
        ('x == "yes"', {"x": "yes"}, True),
        ('x == "it\'s"', {"x": "it's"}, True),
        ("x == 'say \"hi\"'", {"x": 'say "hi"'}, True),
        ("x == ''", {"x": ""}, True),
        ("x == 'æøå Æ'", {"x": "æøå Æ"}, True),
        ("x == 10", {"x": 10}, True),
        ("x == 10", {"x": 10.0}, True),
        ("x == 7.5", {"x": 7.5}, True),
        ("x == 007", {"x": 7}, True),
        ("x == true", {"x": True}, True),
        ("x == false", {"x": False}, True),
        ("x == true", {"x": "true"}, False),
        ("x == 'yes'", {"x": "Yes"}, False),
        ("x = 'yes'", {"x": "yes"}, True),
        ("x=='yes'and y=='no'", {"x": "yes", "y": "no"}, True),
        ("\n  x\t==\n'yes'\n", {"x": "yes"}, True),
        ("x == ['a', 'b']", {"x": ("a", "b")}, True),
        ("x == []", {"x": ()}, True),
        ("_private_1 == 1", {"_private_1": 1}, True),
        ("true", {}, True),
        ("false", {}, False),
        ("not false", {}, True),
        ("(((true)))", {}, True),
    ],
)
def test_literals_and_tokens(source, values, expected):
    assert ev(source, **values) is expected


def test_numbers_compare_across_int_and_float():
    assert ev("x < 3.5 and x > 2 and x <= 3 and x >= 3.0 and x == 3.0", x=3) is True


def test_keywords_are_case_sensitive():
    # `And` is a name, so it cannot join two comparisons
    with pytest.raises(ExprError, match="keywords are lowercase"):
        expr.compile("a == 'x' And b == 'y'")
    # `TRUE` is a name, not the literal
    assert expr.names("TRUE") == frozenset({"TRUE"})
    assert ev("TRUE", TRUE=False) is False


# --------------------------------------------------------------------------------------------
# Every operator, parsed and evaluated


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("x == 'a'", {"x": "a"}, True),
        ("x == 'a'", {"x": "b"}, False),
        ("x = 'a'", {"x": "b"}, False),
        ("x != 'a'", {"x": "a"}, False),
        ("x != 'a'", {"x": "b"}, True),
        ("x < 5", {"x": 4}, True),
        ("x < 5", {"x": 5}, False),
        ("x <= 5", {"x": 5}, True),
        ("x <= 5", {"x": 5.5}, False),
        ("x > 5", {"x": 5.5}, True),
        ("x > 5", {"x": 5}, False),
        ("x >= 5", {"x": 5}, True),
        ("x >= 5", {"x": 4.99}, False),
        ("x in ['a', 'b']", {"x": "b"}, True),
        ("x in ['a', 'b']", {"x": "c"}, False),
        ("x in []", {"x": "c"}, False),
        ("x in [1, 2.5]", {"x": 2.5}, True),
        ("t has 'a'", {"t": ("a", "b")}, True),
        ("t has 'c'", {"t": ("a", "b")}, False),
        ("t has_any ['c', 'b']", {"t": ("a", "b")}, True),
        ("t has_any ['c', 'd']", {"t": ("a", "b")}, False),
        ("t has_any []", {"t": ("a", "b")}, False),
        ("not x", {"x": True}, False),
        ("not x", {"x": False}, True),
        ("x and y", {"x": True, "y": True}, True),
        ("x and y", {"x": True, "y": False}, False),
        ("x or y", {"x": False, "y": True}, True),
        ("x or y", {"x": False, "y": False}, False),
    ],
)
def test_operators(source, values, expected):
    assert ev(source, **values) is expected


@pytest.mark.parametrize(
    "source, values, expected",
    [
        # name vs name, literal on the left, parenthesised conditions as values: the generic
        # path must agree with the specialised `name OP literal` one
        ("x == y", {"x": "a", "y": "a"}, True),
        ("x != y", {"x": "a", "y": "a"}, False),
        ("x < y", {"x": 1, "y": 2.5}, True),
        ("x >= y", {"x": 1, "y": 2.5}, False),
        ("'a' == x", {"x": "a"}, True),
        ("'a' != x", {"x": "a"}, False),
        ("5 > x", {"x": 4}, True),
        ("5 <= x", {"x": 4}, False),
        ("x in allowed", {"x": "b", "allowed": ("a", "b")}, True),
        ("x in allowed", {"x": "c", "allowed": ("a", "b")}, False),
        ("'b' in allowed", {"allowed": ("a", "b")}, True),
        ("t has code", {"t": ("a", "b"), "code": "b"}, True),
        ("t has code", {"t": ("a", "b"), "code": "c"}, False),
        ("t has_any wanted", {"t": ("a", "b"), "wanted": ("c", "a")}, True),
        ("t has_any wanted", {"t": ("a", "b"), "wanted": ("c",)}, False),
        ("t has_any wanted", {"t": ("a", "b"), "wanted": ()}, False),
        ("t has 'a'", {"t": ["a"]}, True),  # a list works like a tuple
        ("t has_any ['a']", {"t": frozenset({"a"})}, True),
        ("(x == 'a') == true", {"x": "a"}, True),
        ("(x == 'a') == (y == 'b')", {"x": "a", "y": "c"}, False),
        ("(x == 'a') != false", {"x": "a"}, True),
    ],
)
def test_generic_comparison_paths(source, values, expected):
    assert ev(source, **values) is expected


# --------------------------------------------------------------------------------------------
# Precedence: not > and > or; comparisons bind tighter than not; parentheses override


@pytest.mark.parametrize(
    "source, values, expected",
    [
        # a or (b and c)
        ("a or b and c", {"a": True, "b": False, "c": False}, True),
        ("(a or b) and c", {"a": True, "b": False, "c": False}, False),
        # (a and b) or c
        ("a and b or c", {"a": False, "b": True, "c": True}, True),
        ("a and (b or c)", {"a": False, "b": True, "c": True}, False),
        # (not a) and b
        ("not a and b", {"a": True, "b": False}, False),
        ("not a and b", {"a": False, "b": True}, True),
        ("not (a and b)", {"a": True, "b": False}, True),
        # (not a) or b
        ("not a or b", {"a": False, "b": False}, True),
        ("not (a or b)", {"a": False, "b": True}, False),
        # not (x == 'y')
        ("not x == 'y'", {"x": "y"}, False),
        ("not x == 'y'", {"x": "z"}, True),
        ("not not a", {"a": True}, True),
        ("not not not a", {"a": True}, False),
        ("not (not a)", {"a": False}, False),
        # four-way chains (the n-ary paths)
        ("a and b and c and d", {"a": True, "b": True, "c": True, "d": True}, True),
        ("a and b and c and d", {"a": True, "b": True, "c": True, "d": False}, False),
        ("a or b or c or d", {"a": False, "b": False, "c": False, "d": True}, True),
        ("a or b or c or d", {"a": False, "b": False, "c": False, "d": False}, False),
        ("a or b and c or d", {"a": False, "b": True, "c": False, "d": False}, False),
        ("a or b and c or d", {"a": False, "b": True, "c": True, "d": False}, True),
    ],
)
def test_precedence(source, values, expected):
    assert ev(source, **values) is expected


# --------------------------------------------------------------------------------------------
# Kleene logic


def kleene_not(a):
    return {T: F, F: T}.get(a, U) if a is not U else U


def kleene_and(*values):
    if any(v is F for v in values):
        return F
    if any(v is U for v in values):
        return U
    return T


def kleene_or(*values):
    if any(v is T for v in values):
        return T
    if any(v is U for v in values):
        return U
    return F


TRUTHS = [T, F, U]


@pytest.mark.parametrize("a", TRUTHS, ids=repr)
def test_kleene_not(a):
    assert ev("not a", a=a) is kleene_not(a)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (T, T, T), (T, F, F), (T, U, U),
        (F, T, F), (F, F, F), (F, U, F),
        (U, T, U), (U, F, F), (U, U, U),
    ],
    ids=repr,
)  # fmt: skip
def test_kleene_and_truth_table(a, b, expected):
    assert ev("a and b", a=a, b=b) is expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (T, T, T), (T, F, T), (T, U, T),
        (F, T, T), (F, F, F), (F, U, U),
        (U, T, T), (U, F, U), (U, U, U),
    ],
    ids=repr,
)  # fmt: skip
def test_kleene_or_truth_table(a, b, expected):
    assert ev("a or b", a=a, b=b) is expected


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_kleene_chains_of_any_length(n):
    names_ = [f"v{i}" for i in range(n)]
    and_rule = expr.compile(" and ".join(names_))
    or_rule = expr.compile(" or ".join(names_))
    for combo in itertools.product(TRUTHS, repeat=n):
        values = dict(zip(names_, combo, strict=False))
        assert and_rule.evaluate(values.__getitem__) is kleene_and(*combo), combo
        assert or_rule.evaluate(values.__getitem__) is kleene_or(*combo), combo


@pytest.mark.parametrize("a", TRUTHS, ids=repr)
@pytest.mark.parametrize("b", TRUTHS, ids=repr)
def test_kleene_on_compound_operands(a, b):
    # operands that are comparisons and parenthesised groups, not bare names
    values = {"x": {T: "yes", F: "no", U: U}[a], "y": {T: "yes", F: "no", U: U}[b]}
    assert ev("x == 'yes' and (y == 'yes')", **values) is kleene_and(a, b)
    assert ev("(x == 'yes') or y == 'yes'", **values) is kleene_or(a, b)
    assert ev("not (x == 'yes' and y == 'yes')", **values) is kleene_not(kleene_and(a, b))


def test_bare_name_none_counts_as_false():
    assert ev("a", a=None) is False
    assert ev("not a", a=None) is True
    assert ev("a or b", a=None, b=UNKNOWN) is UNKNOWN
    assert ev("a and b", a=None, b=UNKNOWN) is False


def test_results_are_always_true_false_or_unknown():
    for source, values in [
        ("x == 'a'", {"x": "a"}),
        ("x < 2", {"x": 1}),
        ("x in ['a']", {"x": "a"}),
        ("t has 'a'", {"t": ("a",)}),
        ("t has_any ['a']", {"t": ("a",)}),
        ("a", {"a": True}),
        ("a or b", {"a": False, "b": U}),
    ]:
        result = ev(source, **values)
        assert result is True or result is False or result is UNKNOWN


class Boom(Exception):
    pass


def strict_lookup(values):
    """A lookup that fails the test if a name outside `values` is read."""

    def lookup(name):
        if name not in values:
            raise Boom(name)
        return values[name]

    return lookup


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("a and boom", {"a": False}, False),
        ("a and b and boom", {"a": True, "b": False}, False),
        ("a and b and c and boom", {"a": U, "b": True, "c": False}, False),
        ("a or boom", {"a": True}, True),
        ("a or b or boom", {"a": U, "b": True}, True),
        ("a or b or c or boom", {"a": False, "b": U, "c": True}, True),
        ("x == 'no' and boom == 'yes'", {"x": "yes"}, False),
        ("not a or boom", {"a": False}, True),
        ("(a or boom) and b", {"a": True, "b": True}, True),
    ],
)
def test_short_circuit_reads_nothing_more(source, values, expected):
    assert expr.compile(source).evaluate(strict_lookup(values)) is expected


def test_false_and_unknown_is_false_in_either_order():
    assert ev("a and b", a=False, b=UNKNOWN) is False
    assert ev("a and b", a=UNKNOWN, b=False) is False
    assert ev("a or b", a=True, b=UNKNOWN) is True
    assert ev("a or b", a=UNKNOWN, b=True) is True


# --------------------------------------------------------------------------------------------
# None (not asked) versus UNKNOWN (asked, not answered) for each comparison


@pytest.mark.parametrize(
    "source, none_result",
    [
        ("x == 'yes'", False),
        ("x = 'yes'", False),
        ("x != 'yes'", True),
        ("x == 3", False),
        ("x != 3", True),
        ("x < 3", False),
        ("x <= 3", False),
        ("x > 3", False),
        ("x >= 3", False),
        ("x in ['yes', 'no']", False),
        ("x has 'yes'", False),
        ("x has_any ['yes']", False),
        ("not x", True),
        ("x", False),
    ],
)
def test_none_versus_unknown(source, none_result):
    assert ev(source, x=None) is none_result
    assert ev(source, x=UNKNOWN) is UNKNOWN


@pytest.mark.parametrize(
    "source",
    ["x == y", "x != y", "x < y", "x <= y", "x > y", "x >= y", "x in y", "x has y",
     "x has_any y"],
)  # fmt: skip
def test_unknown_on_either_side_is_unknown(source):
    for x, y in [(UNKNOWN, ("a",)), (("a",), UNKNOWN), (UNKNOWN, UNKNOWN), (UNKNOWN, None),
                 (None, UNKNOWN)]:  # fmt: skip
        assert ev(source, x=x, y=y) is UNKNOWN, (x, y)


def test_unknown_on_the_right_of_a_literal_comparison():
    assert ev("'a' == x", x=UNKNOWN) is UNKNOWN
    assert ev("'a' != x", x=UNKNOWN) is UNKNOWN
    assert ev("3 < x", x=UNKNOWN) is UNKNOWN
    assert ev("'a' in x", x=UNKNOWN) is UNKNOWN


def test_none_equality_is_an_ordinary_value():
    assert ev("x == y", x=None, y=None) is True
    assert ev("x != y", x=None, y="yes") is True
    assert ev("'yes' == x", x=None) is False
    assert ev("'yes' != x", x=None) is True


@pytest.mark.parametrize("source", ["x < y", "x <= y", "x > y", "x >= y", "x in y", "x has y",
                                    "x has_any y"])  # fmt: skip
def test_none_on_either_side_is_false(source):
    assert ev(source, x=None, y=("a",)) is False
    assert ev(source, x=("a",), y=None) is False


def test_ordering_text_against_a_number_is_false_not_an_error():
    assert ev("x < 3", x="2") is False
    assert ev("x >= 3", x="4") is False
    assert ev("x > y", x=5, y="a") is False


def test_ordering_numbers_mixes_int_and_float():
    assert ev("x > min_reception_hours", x=6.5, min_reception_hours=6) is True
    assert ev("x <= limit", x=10, limit=10.0) is True
    assert ev("x < 0.5", x=0) is True


def test_ordering_of_text_is_lexicographic():
    assert ev("x < 'b'", x="a") is True


def test_has_is_exact_code_membership_not_substring():
    assert ev("t has 'food'", t=("no_food",)) is False
    assert ev("t has_any ['food']", t=("no_food",)) is False
    assert ev("x in ['no_food']", x="food") is False


def test_in_with_a_tuple_value_compares_whole_values():
    assert ev("x in ['a']", x=("a",)) is False


# --------------------------------------------------------------------------------------------
# Rule bugs that only show at evaluation: ExprError, never a silent result


@pytest.mark.parametrize(
    "source, values, culprit",
    [
        ("x", {"x": "yes"}, "'x'"),
        ("not x", {"x": "yes"}, "'x'"),
        ("x and y", {"x": True, "y": 1}, "'y'"),
        ("x has 'a'", {"x": "abc"}, "'x'"),
        ("x has code", {"x": "abc", "code": "a"}, "'x'"),
        ("x has_any ['a']", {"x": "abc"}, "'x'"),
        ("x has_any y", {"x": ("a",), "y": "abc"}, "'y'"),
        ("x in y", {"x": "a", "y": "abc"}, "'y'"),
    ],
)
def test_misused_values_raise_expr_error(source, values, culprit):
    with pytest.raises(ExprError) as info:
        ev(source, **values)
    assert culprit in info.value.message
    assert info.value.source == source
    assert source[info.value.position :].startswith(culprit.strip("'"))


def test_runtime_error_does_not_echo_the_value():
    # text fields may hold personal data: the message names the type, not the content
    with pytest.raises(ExprError) as info:
        ev("message_text has 'x'", message_text="Ola Nordmann, 12345678901")
    assert "Nordmann" not in info.value.message
    assert "str" in info.value.message


# --------------------------------------------------------------------------------------------
# Syntax errors: clear message, right position, nothing executed


@pytest.mark.parametrize(
    "source, position, fragment",
    [
        ("", 0, "empty"),
        ("   \n ", 0, "empty"),
        ("a ==", 4, "expected a value after '=='"),
        ("message_sent == ", 16, "expected a value after '==' at position 16"),
        ("a == 'x' and", 12, "expected a value after 'and'"),
        ("a == 'x' or", 11, "expected a value after 'or'"),
        ("not", 3, "expected a value after 'not'"),
        ("a in", 4, "expected a value after 'in'"),
        ("a has_any", 9, "after 'has_any'"),
        ("== 'x'", 0, "expected a value at position 0"),
        ("and a", 0, "expected a value at position 0"),
        ("(a == 'x'", 9, "expected ')'"),
        ("((a)", 4, "expected ')'"),
        ("(a b)", 3, "expected ')'"),
        ("a == 'x')", 8, "unexpected ')'"),
        ("a)", 1, "unexpected ')'"),
        ("()", 1, "expected a value after '('"),
        ("a == 'x' b == 'y'", 9, "unexpected name 'b'"),
        ("a == 'x' == 'y'", 9, "cannot be chained"),
        ("a b", 2, "unexpected name 'b'"),
        ("a == 'x' AND b", 9, "keywords are lowercase"),
        ("x is not 'yes'", 2, "instead of 'is'"),
        ("a == 'x", 5, "unterminated string"),
        ('a == "x', 5, "unterminated string"),
        ("a == 'x\"", 5, "unterminated string"),
        ("a == 'x'; b", 8, "unexpected character ';'"),
        ("a & b", 2, "unexpected character '&'"),
        ("a && b", 2, "unexpected character '&'"),
        ("a || b", 2, "unexpected character '|'"),
        ("!a", 0, "unexpected character '!'"),
        ("a.b == 1", 1, "unexpected character '.'"),
        ("a == .5", 5, "unexpected character '.'"),
        ("a == 1.", 5, "invalid number '1.'"),
        ("a == 1.2.3", 5, "invalid number '1.2.3'"),
        ("a == 10abc", 5, "invalid number '10abc'"),
        ("a == 1e5", 5, "invalid number '1e5'"),
        ("a == 'x' + 'y'", 5, "arithmetic needs numbers: found the string 'x'"),
        ("bøtte == 1", 1, "unexpected character 'ø'"),
        ("a in 'x'", 5, "expected a list"),
        ("a has_any 'x'", 10, "expected a list"),
        ("a in (b)", 5, "expected a list"),
        ("a has ['x']", 6, "use 'has_any'"),
        ("a == [1,", 8, "in the list"),
        ("a == [1 2]", 8, "expected ',' or ']'"),
        ("a == [1, ]", 9, "in the list"),
        ("a == [b]", 6, "expected a string or number in the list"),
        ("a == [[1]]", 6, "expected a string or number in the list"),
        ("a == ['x'", 9, "expected ',' or ']'"),
        ("'yes'", 0, "expected a condition"),
        ("12", 0, "expected a condition"),
        ("['a']", 0, "expected a condition"),
        ("a and 'yes'", 6, "expected a condition"),
        ("not 3", 4, "expected a condition"),
        ("a == 'x' or (3)", 13, "expected a condition"),
        # arithmetic and function calls
        ("a + 1", 0, "expected a condition at position 0, found an arithmetic expression"),
        ("-a", 0, "found an arithmetic expression (compare it with something, e.g. days(a, b)"),
        ("days(a, b)", 0, "found a call of days()"),
        ("x and minutes(a, b)", 6, "found a call of minutes()"),
        ("(a * 2)", 1, "found an arithmetic expression"),
        (
            "foo(a)",
            0,
            "unknown function 'foo' at position 0; the functions are abs(), coalesce(), "
            "count(), days(), if(), int(), length(), matches(), max(), min(), minutes(), "
            "mod(), today()",
        ),
        ("Days(a, b) > 1", 0, "function names are lowercase: 'days'"),
        ("a == 'x' (b)", 9, "only a function name can be followed by '('"),
        ("days(a) > 1", 6, "days() at position 0 takes 2 arguments"),
        ("days(a, b, c) > 1", 12, "found 3"),
        ("abs(a, b) > 1", 8, "takes 1 argument: a number"),
        ("min() > 1", 4, "takes at least 1 argument"),
        ("days(a b) > 1", 7, "expected ',' or ')' in the call of days() at position 0"),
        ("days(a, ) > 1", 8, "expected a value after ','"),
        ("days(a, b > 1", 10, "expected ',' or ')'"),
        ("days(3, b) > 1", 5, "days() needs the date from and the date to: found the number 3"),
        ("days(a, 'x') > 1", 8, "found the string 'x'"),
        ("minutes(a, b + 1) > 1", 11, "found an arithmetic expression"),
        ("abs('x') > 1", 4, "abs() needs a number: found the string 'x'"),
        ("max(a, [1]) > 1", 7, "found a list"),
        ("a + 'x' > 1", 4, "arithmetic needs numbers: found the string 'x' at position 4"),
        ("a * true > 1", 4, "found true"),
        ("-'x' == 1", 1, "arithmetic needs numbers"),
        ("(a == 1) + 1 > 1", 0, "found a condition"),
        ("a / 0 > 1", 4, "division by zero at position 4"),
        ("a / (1 - 1) > 1", 4, "division by zero"),
        ("a + > 1", 4, "expected a value after '+'"),
        ("a * ", 4, "expected a value after '*'"),
        ("a ++ b", 3, "expected a value after '+'"),
    ],
)
def test_syntax_errors(source, position, fragment):
    with pytest.raises(ExprError) as info:
        expr.compile(source)
    err = info.value
    assert fragment in err.message
    assert err.position == position, err.message
    assert err.source == source
    if source.strip():
        assert f"position {position}" in err.message


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os')",
        "__import__('os').system('touch /tmp/tilsyn-pwned')",
        "exec('x = 1')",
        "eval('1 + 1')",
        "open('/etc/passwd')",
        "().__class__.__bases__[0].__subclasses__()",
        "x.__class__",
        "lambda: 0",
        "a == 'x'; import os",
        "a == 'x'\nimport os",
        "[c for c in 'abc']",
        "{'a': 1}",
        "a == f'{x}'",
        "a if b else c",
        "`ls`",
        "$(ls)",
        "a == 'x' # comment",
        "a == b'x'",
        "getattr(a, 'b')",
        "a[0] == 'x'",
    ],
)
def test_injection_attempts_are_syntax_errors_and_read_nothing(source):
    read = []

    with pytest.raises(ExprError):
        expr.compile(source).evaluate(lambda name: read.append(name))
    assert read == []


def test_module_never_calls_eval_exec_or_import():
    import ast
    from pathlib import Path

    package = Path(expr.__file__).parent
    tree = ast.Module(
        body=[ast.parse(p.read_text(encoding="utf-8")) for p in sorted(package.glob("*.py"))],
        type_ignores=[],
    )
    assert len(tree.body) >= 7  # every module of the package, not only __init__
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not called & {"eval", "exec", "__import__", "getattr", "setattr"}
    assert not any(
        isinstance(node, ast.Attribute) and node.attr == "literal_eval" for node in ast.walk(tree)
    )


# --------------------------------------------------------------------------------------------
# Arithmetic, functions and values


D = dt.date
DT = dt.datetime


def value(source: str, **values: object) -> object:
    return expr.compile_value(source).evaluate(values.__getitem__)


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("a + b", {"a": 1, "b": 2.5}, 3.5),
        ("a - b - c", {"a": 10, "b": 3, "c": 2}, 5),  # left to right
        ("a * b + c", {"a": 2, "b": 3, "c": 4}, 10),  # * before +
        ("a + b * c", {"a": 2, "b": 3, "c": 4}, 14),
        ("(a + b) * c", {"a": 2, "b": 3, "c": 4}, 20),
        ("a / b", {"a": 7, "b": 2}, 3.5),
        ("a / b", {"a": 6, "b": 3}, 2.0),
        ("a / b * c", {"a": 6, "b": 3, "c": 2}, 4.0),  # left to right
        ("-a", {"a": 3}, -3),
        ("- -a", {"a": 3}, 3),
        ("-a * -b", {"a": 3, "b": 2}, 6),
        ("a - -1", {"a": 1}, 2),
        ("2 * 60", {}, 120),
        ("-1.5", {}, -1.5),
        ("a", {"a": "text"}, "text"),  # a bare name is its value
        ("'x'", {}, "x"),
        ("['a', 1]", {}, ("a", 1)),
        ("a == 1", {"a": 1}, True),  # a condition is a value too
        ("a > 1", {"a": UNKNOWN}, UNKNOWN),
    ],
)
def test_compile_value_computes(source, values, expected):
    result = value(source, **values)
    assert result == expected
    assert type(result) is type(expected)


def test_compile_value_is_memoized_and_separate_from_compile():
    assert expr.compile_value("a + 1") is expr.compile_value("a + 1")
    assert isinstance(expr.compile_value("a + 1"), Expr)
    assert repr(expr.compile_value("a + 1")) == "ValueExpr('a + 1')"
    with pytest.raises(TypeError):
        expr.compile_value(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("a + b == 5", {"a": 2, "b": 3}, True),
        ("a * 2 > b", {"a": 2, "b": 3}, True),
        ("-a < 0", {"a": 2}, True),
        ("a == -1", {"a": -1}, True),
        ("a - 1 in [1, 2]", {"a": 3}, True),
        ("a in [-1, 2.5]", {"a": -1}, True),
        ("a has_any [-2]", {"a": (-2,)}, True),
        (
            "days(a, b) <= max_processing_days",
            {"a": D(2021, 1, 1), "b": D(2021, 1, 22), "max_processing_days": 21},
            True,
        ),
        (
            "minutes(queue_started_at, answered_at) > max_queue_wait_minutes",
            {
                "queue_started_at": DT(2021, 1, 1, 10, 0),
                "answered_at": DT(2021, 1, 1, 10, 10, 30),
                "max_queue_wait_minutes": 10,
            },
            True,
        ),
        ("max(a, b) - min(a, b) == 3", {"a": 1, "b": 4}, True),
    ],
)
def test_comparisons_of_computed_values(source, values, expected):
    assert ev(source, **values) is expected


NUMBERS = {"a": 1, "b": 2}
DATES = {"a": D(2021, 1, 1), "b": D(2021, 1, 2)}


@pytest.mark.parametrize("source, present", [
    ("a + b", NUMBERS), ("a - b", NUMBERS), ("a * b", NUMBERS), ("a / b", NUMBERS),
    ("-a", {"a": 1}), ("abs(a)", {"a": 1}), ("min(a, b)", NUMBERS), ("max(b, a)", NUMBERS),
    ("days(a, b)", DATES), ("minutes(a, b)", DATES),
])  # fmt: skip
def test_arithmetic_is_three_valued(source, present):
    assert value(source, **present) not in (None, UNKNOWN)
    for name in present:
        assert value(source, **{**present, name: UNKNOWN}) is UNKNOWN
        assert value(source, **{**present, name: None}) is None
    if len(present) == 2:
        # UNKNOWN wins over None, whichever side it is on
        assert value(source, a=None, b=UNKNOWN) is UNKNOWN
        assert value(source, a=UNKNOWN, b=None) is UNKNOWN


def test_an_unknown_or_missing_operand_reads_no_type():
    # the type of the other operand is not checked when the result is already UNKNOWN/None
    assert value("a + b", a="text", b=UNKNOWN) is UNKNOWN
    assert value("days(a, b)", a=3, b=None) is None


def test_division_by_zero_is_unknown():
    assert value("a / b", a=1, b=0) is UNKNOWN
    assert value("a / b", a=1, b=0.0) is UNKNOWN
    assert ev("a / b > 1", a=1, b=0) is UNKNOWN
    assert ev("a / b > 1 or c", a=1, b=0, c=True) is True


@pytest.mark.parametrize(
    "source, none_result",
    [("a + 1 == 2", False), ("a + 1 != 2", True), ("a + 1 > 2", False), ("a + 1 in [2]", False)],
)
def test_comparisons_of_a_missing_computed_value_behave_as_for_none(source, none_result):
    assert ev(source, a=None) is none_result
    assert ev(source, a=UNKNOWN) is UNKNOWN


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (D(2021, 1, 1), D(2021, 1, 1), 0),
        (D(2021, 1, 1), D(2021, 3, 1), 59),
        (D(2020, 1, 1), D(2020, 3, 1), 60),  # leap year
        (D(2021, 3, 1), D(2021, 1, 1), -59),  # b before a
        (DT(2021, 1, 1, 23, 59), D(2021, 1, 2), 1),  # a datetime counts by its date
        (D(2021, 1, 1), DT(2021, 1, 1, 23, 59), 0),
        (DT(2021, 1, 1, 0, 1), DT(2021, 1, 2, 0, 0), 1),
    ],
)
def test_days(a, b, expected):
    result = value("days(a, b)", a=a, b=b)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (DT(2021, 1, 1, 10, 0), DT(2021, 1, 1, 10, 10), 10.0),
        (DT(2021, 1, 1, 10, 0), DT(2021, 1, 1, 10, 14, 30), 14.5),
        (DT(2021, 1, 1, 10, 0), DT(2021, 1, 1, 10, 0, 20), 1 / 3),
        (DT(2021, 1, 1, 10, 0), DT(2021, 1, 1, 10, 0, 0, 600_000), 1 / 60),  # nearest second
        (DT(2021, 1, 1, 10, 10), DT(2021, 1, 1, 10, 0), -10.0),
        (D(2021, 1, 1), DT(2021, 1, 1, 1, 0), 60.0),  # a date is its midnight
        (D(2021, 1, 1), D(2021, 1, 2), 1440.0),
        (
            DT(2021, 1, 1, 10, 0, tzinfo=dt.timezone.utc),
            DT(2021, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            0.0,
        ),
    ],
)
def test_minutes(a, b, expected):
    result = value("minutes(a, b)", a=a, b=b)
    assert result == expected
    assert type(result) is float


def test_minutes_compares_exactly_with_a_decimal_threshold():
    start = DT(2021, 1, 1, 10, 0)
    assert ev("minutes(a, b) <= 10.1", a=start, b=DT(2021, 1, 1, 10, 10, 6)) is True
    assert ev("minutes(a, b) == 10.1", a=start, b=DT(2021, 1, 1, 10, 10, 6)) is True
    assert ev("minutes(a, b) <= 10.1", a=start, b=DT(2021, 1, 1, 10, 10, 7)) is False


@pytest.mark.parametrize(
    "source, expected",
    [
        ("min(3)", 3),
        ("min(3, 1.5, 2)", 1.5),
        ("max(3, 1.5, 2)", 3),
        ("max(-3, -4)", -3),
        ("abs(-2.5)", 2.5),
        ("abs(4)", 4),
        ("abs(2 - 5)", 3),
    ],
)
def test_min_max_abs_on_numbers(source, expected):
    assert value(source) == expected


def test_min_and_max_of_dates_and_times():
    assert value("min(a, b)", a=D(2021, 1, 2), b=D(2021, 1, 1)) == D(2021, 1, 1)
    assert value("max(a, b)", a=DT(2021, 1, 1, 9), b=DT(2021, 1, 1, 10)) == DT(2021, 1, 1, 10)
    assert value("days(min(a, b), c)", a=D(2021, 1, 5), b=D(2021, 1, 3), c=D(2021, 1, 10)) == 7


def test_names_include_names_inside_calls_but_not_function_names():
    assert expr.names("days(a, max(b, c)) + abs(d) > -e") == frozenset("abcde")
    assert expr.compile("min(x, 3) > 1").names == frozenset({"x"})
    assert expr.names("days == 3") == frozenset({"days"})  # not a call: an ordinary name


@pytest.mark.parametrize(
    "source, values, culprit, fragment",
    [
        ("a + 1", {"a": "12"}, "'a'", "used in arithmetic, but its value is a str, not a number"),
        ("1 + a", {"a": True}, "'a'", "its value is a bool"),
        ("a * 2", {"a": ("x",)}, "'a'", "a tuple"),
        ("-a", {"a": D(2021, 1, 1)}, "'a'", "a date"),
        ("(a) / 2", {"a": "x"}, "'a'", "used in arithmetic"),
        (
            "days(a, b)",
            {"a": 3, "b": D(2021, 1, 1)},
            "'a'",
            "given to days(), but its value is a int, not a date",
        ),
        ("days(a, b)", {"a": D(2021, 1, 1), "b": "2021-01-02"}, "'b'", "not a date"),
        ("minutes(a, b)", {"a": DT(2021, 1, 1), "b": 5.0}, "'b'", "not a date or time"),
        (
            "minutes(a, b)",
            {"a": DT(2021, 1, 1), "b": DT(2021, 1, 1, tzinfo=dt.timezone.utc)},
            "'b'",
            "time zone",
        ),
        ("min(a, b)", {"a": 1, "b": D(2021, 1, 1)}, "'b'", "not a number like the first"),
        ("max(a, b)", {"a": D(2021, 1, 1), "b": DT(2021, 1, 1)}, "'b'", "not a date like"),
        ("max(a, 1)", {"a": "x"}, "'a'", "not a number, date or time"),
        ("abs(a)", {"a": "x"}, "'a'", "given to abs()"),
    ],
)
def test_values_of_the_wrong_type_raise_expr_error_at_evaluation(source, values, culprit, fragment):
    with pytest.raises(ExprError) as info:
        value(source, **values)
    assert culprit in info.value.message
    assert fragment in info.value.message
    assert source[info.value.position :].startswith(culprit.strip("'"))


def test_type_errors_do_not_echo_the_value():
    with pytest.raises(ExprError) as info:
        ev("note + 1 > 0", note="Ola Nordmann")
    assert "Nordmann" not in info.value.message


def test_a_result_too_large_is_an_expr_error_not_a_huge_number():
    with pytest.raises(ExprError, match="beyond ±10\\^18"):
        value("a * a * a", a=10**7)
    with pytest.raises(ExprError, match="beyond"):
        value("a + 0.5", a=10**400)  # too large for a float
    with pytest.raises(ExprError, match="beyond"):
        value("999999999999999 * 999999999999999")  # folded at compile time


def test_a_value_that_is_not_a_condition_is_fine_for_compile_value():
    assert value("days(a, b)", a=D(2021, 1, 1), b=D(2021, 1, 2)) == 1
    with pytest.raises(ExprError, match="expected a condition"):
        expr.compile_value("a and 3")


# --------------------------------------------------------------------------------------------
# Bounds: a hostile or mistaken rule is an ExprError with a position, never a crash


def test_source_length_is_bounded():
    longest = "a == 1" + " " * (expr.MAX_SOURCE_LENGTH - 6)
    assert ev(longest, a=1) is True
    with pytest.raises(ExprError) as info:
        expr.compile(longest + " ")
    assert info.value.position == expr.MAX_SOURCE_LENGTH
    assert f"at most {expr.MAX_SOURCE_LENGTH}" in info.value.message


def test_ten_thousand_nested_parentheses_are_an_expr_error():
    for compile_ in (expr.compile, expr.compile_value):
        with pytest.raises(ExprError):
            compile_("(" * 10_000 + "a" + ")" * 10_000)


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "(" * n + "a" + ")" * n,
        lambda n: "not " * n + "a",
        lambda n: "-" * n + "a > 0",
        lambda n: "abs(" * n + "a" + ")" * n + " > 0",
        lambda n: "-(" * (n // 2) + "-" * (n % 2) + "a" + ")" * (n // 2) + " > 0",
    ],
    ids=["parentheses", "not", "minus", "calls", "mixed"],
)
def test_nesting_is_bounded_and_the_limit_itself_evaluates(make):
    deepest = make(expr.MAX_NESTING)
    assert ev(deepest, a=True if "not" in deepest or ">" not in deepest else 2) in (True, False)
    with pytest.raises(ExprError) as info:
        expr.compile(make(expr.MAX_NESTING + 1))
    assert "nests too deeply" in info.value.message
    # the position is that of the level past the limit
    assert info.value.position > 0


def test_nesting_within_the_length_limit_cannot_exhaust_the_stack():
    for source in ["not " * 999 + "a", "-" * 3999, "(" * 3999, "abs(" * 999 + "a"]:
        with pytest.raises(ExprError, match="nests too deeply"):
            expr.compile(source)


def test_number_literals_are_bounded():
    longest = "9" * expr.MAX_NUMBER_DIGITS
    assert value(longest) == int(longest)
    assert value("1234567.12345678") == 1234567.12345678
    for source, position in [
        ("a == " + "9" * (expr.MAX_NUMBER_DIGITS + 1), 5),
        ("a == 1.123456789012345", 5),
        ("1" * 3000 + " == a", 0),
    ]:
        with pytest.raises(ExprError) as info:
            expr.compile(source)
        assert info.value.position == position
        assert f"at most {expr.MAX_NUMBER_DIGITS}" in info.value.message
        assert len(info.value.message) < 200  # the literal is not echoed
    with pytest.raises(ExprError):
        expr.compile("a == " + "1" * 5000)  # also too long a rule


def test_long_flat_expressions_are_loops_not_recursion():
    n = expr.MAX_SOURCE_LENGTH // 4 - 10
    assert value(" + ".join(["a"] * n), a=1) == n
    assert ev(" and ".join(["a"] * (expr.MAX_SOURCE_LENGTH // 6)), a=True) is True


@pytest.mark.parametrize(
    "rule",
    [
        "(" * 10_000 + "need_clarified == 'yes'" + ")" * 10_000,
        "not " * 900 + "need_clarified == 'yes'",
        "need_clarified == 'yes' or handling_minutes > " + "9" * 5000,
    ],
)
def test_a_hostile_rule_in_a_user_catalogue_is_a_diagnostic_not_a_crash(cli, tmp_path, rule):
    text = resources.files("tilsyn.surveys").joinpath("nks-call.criteria.toml").read_text("utf-8")
    catalogue = tmp_path / "hostile.criteria.toml"
    catalogue.write_text(text.replace("\"need_clarified == 'yes'\"", f'"{rule}"'), "utf-8")
    calls = write_json(tmp_path / "calls.json", [valid_call()])
    result = cli("score", calls, "--criteria", catalogue)
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert "CAT005" in result.stderr
    assert "K02.passes" in result.stderr


# --------------------------------------------------------------------------------------------
# The fast paths (`name OP literal`, membership against a literal list) agree with the generic
# semantics (`name OP name`) for any value, including None and UNKNOWN


def _quoted(text: str) -> str:
    return f"'{text}'" if "'" not in text else f'"{text}"'


_codes = st.sampled_from(["a", "b", "yes", "no", "no_food", ""])
_literal_texts = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.tuples(st.integers(-999, 999), st.integers(0, 999)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.sampled_from(["true", "false"]),
    _codes.map(_quoted),
    st.text(max_size=5).filter(lambda t: not ("'" in t and '"' in t)).map(_quoted),
)
_list_texts = st.lists(_literal_texts, max_size=4).map(lambda items: f"[{', '.join(items)}]")
_values = st.one_of(
    st.none(),
    st.just(UNKNOWN),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, width=32),
    _codes,
    st.text(max_size=5),
    st.tuples(_codes, _codes).map(tuple),
    st.lists(_codes, max_size=3).map(tuple),
    st.lists(_codes, max_size=2),
    st.frozensets(_codes, max_size=2),
)


def _outcome(rule: Expr, lookup) -> object:
    try:
        return ("value", rule.evaluate(lookup))
    except ExprError:
        return ("ExprError",)


def _same_as_generic(op: str, literal: str, x: object) -> None:
    fast = expr.compile(f"x {op} {literal}")
    generic = expr.compile(f"x {op} y")
    y = expr.compile_value(literal).evaluate(_no_names)
    expected = _outcome(generic, {"x": x, "y": y}.__getitem__)
    got = _outcome(fast, {"x": x}.__getitem__)
    assert got == expected and (got[0] != "value" or got[1] is expected[1]), (op, literal, x)


def _no_names(name):
    raise AssertionError(name)


@settings(deadline=None, max_examples=examples(400))
@given(op=st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), literal=_literal_texts, x=_values)
def test_name_vs_literal_fast_path_equals_generic(op, literal, x):
    _same_as_generic(op, literal, x)


@settings(deadline=None, max_examples=examples(400))
@given(op=st.sampled_from(["in", "has_any"]), literal=_list_texts, x=_values)
def test_membership_in_a_literal_list_fast_path_equals_generic(op, literal, x):
    _same_as_generic(op, literal, x)


@settings(deadline=None, max_examples=examples(400))
@given(literal=_literal_texts, x=_values)
def test_has_a_literal_fast_path_equals_generic(literal, x):
    _same_as_generic("has", literal, x)


@pytest.mark.parametrize("source, closure", [
    ("x == 'a'", "eq"), ("x != 'a'", "ne"), ("x in ['a']", "in_const"),
    ("x has 'a'", "has_const"), ("x has_any ['a']", "has_any_const"),
])  # fmt: skip
def test_the_fast_paths_are_the_ones_compared(source, closure):
    # keeps the property tests above from comparing the generic path with itself
    assert expr.compile(source)._fn.__name__ == closure


# --------------------------------------------------------------------------------------------
# The shipped rules (nks-call K01-K15, office O01-O10), read from the built-in catalogues and
# surveys: a change to a shipped rule is tested here, through the real lookup and scorer.

MESSAGE_FIELDS = (
    "message_sent",
    "message_text",
    "message_states_need",
    "message_states_urgency",
    "message_has_callback_details",
    "callback_explained",
)
NO_MESSAGE = dict.fromkeys(MESSAGE_FIELDS)


def typed(catalogue, raw):
    """A factory dict as a loaded record holds it: each value through its field's parser."""
    survey = catalogue.survey
    return {name: parser_for(survey, survey.by_name[name])(value) for name, value in raw.items()}


def statuses(catalogue, raw, **params):
    """Every criterion's status for one record, scored by the real scorer."""
    parameters = catalogue.default_parameters()
    if params:
        parameters = parameters.override(params, "test")
    record = Record(catalogue.survey.id, "T-1", typed(catalogue, raw), "test.json")
    run = score([record], catalogue, parameters)
    return {cid: result.status for cid, result in run.records[0].results.items()}


def resolve(catalogue, raw):
    """The lookup scoring gives a rule: fields (absent and asked -> UNKNOWN), derived names,
    default parameters."""
    return catalogue.survey.lookup(typed(catalogue, raw), catalogue.default_parameters().values)


def good_acute_call(**overrides):
    """Acute, query call answered on the on-call phone; no message needed."""
    return acute_call(
        **{
            "acute_markers": ["no_food", "children_affected"],
            "queue_wait_minutes": 4.5,
            "query_call_answered": "yes",
            "vakttelefon_used": "yes",
            **NO_MESSAGE,
            **overrides,
        }
    )


def message_call(**overrides):
    """Not acute, routed by message after an unanswered query call, by a proxy, with a
    language barrier."""
    return valid_call(
        **{
            "caller_role": "proxy",
            "topics": ["application_status"],
            "language_barrier": "yes",
            "need_clarified": "partly",
            "urgency_assessed": "no",
            "guidance": "individual",
            "callback_explained": "no",
            "proxy_authority_checked": "yes",
            "interpreter_offered": "no",
            "confidentiality_kept": "no",
            "empathic_conduct": "partly",
            **overrides,
        }
    )


def simple_call(**overrides):
    """No office contact needed at all."""
    return valid_call(
        **{
            "topics": ["financial_counselling"],
            "queue_wait_minutes": 4.5,
            "urgency_assessed": "no",
            "guidance": "none",
            "office_contact_needed": "no",
            "query_call_made": None,
            "query_call_answered": None,
            "vakttelefon_used": None,
            **NO_MESSAGE,
            **overrides,
        }
    )


def test_nks_good_acute_call():
    assert statuses(NKS, good_acute_call()) == {
        "K01": "pass", "K02": "pass", "K03": "pass", "K04": "pass", "K05": "pass",
        "K06": "pass", "K07": "pass", "K08": "not_applicable", "K09": "not_applicable",
        "K10": "pass", "K11": "pass", "K12": "not_applicable", "K13": "not_applicable",
        "K14": "not_applicable", "K15": "pass",
    }  # fmt: skip


def test_nks_message_call():
    assert statuses(NKS, message_call()) == {
        "K01": "fail", "K02": "fail", "K03": "not_applicable", "K04": "fail", "K05": "pass",
        "K06": "fail", "K07": "not_applicable", "K08": "pass", "K09": "pass",
        "K10": "fail", "K11": "not_applicable", "K12": "fail", "K13": "pass",
        "K14": "fail", "K15": "fail",
    }  # fmt: skip


def test_nks_simple_call():
    assert statuses(NKS, simple_call()) == {
        "K01": "pass", "K02": "pass", "K03": "not_applicable", "K04": "pass",
        "K05": "not_applicable", "K06": "not_applicable", "K07": "not_applicable",
        "K08": "not_applicable", "K09": "not_applicable", "K10": "pass",
        "K11": "not_applicable", "K12": "not_applicable", "K13": "not_applicable",
        "K14": "not_applicable", "K15": "pass",
    }  # fmt: skip


def test_k01_queue_time_parameter_and_missing_value():
    assert statuses(NKS, simple_call(queue_wait_minutes=10))["K01"] == "pass"
    assert statuses(NKS, simple_call(queue_wait_minutes=10.5))["K01"] == "fail"
    assert (
        statuses(NKS, simple_call(queue_wait_minutes=14.5), max_queue_wait_minutes=15)["K01"]
        == "pass"
    )
    # queue time is optional: empty means not answered, never fail
    assert statuses(NKS, simple_call(queue_wait_minutes=None))["K01"] == "not_answered"


@pytest.mark.parametrize(
    "topics, markers, expected",
    [
        (["emergency_assistance"], ["none"], True),
        (["temporary_housing", "other"], ["none"], True),
        (["other"], ["no_power"], True),
        (["other"], ["children_affected"], False),
        (["other", "application_status"], ["none"], False),
        (None, ["none"], UNKNOWN),  # topics left empty
        (None, ["no_housing"], True),  # `or` is settled by acute
        (["financial_assistance"], None, True),  # settled by topics
    ],
)
def test_k03_applies_on_topic_or_acute(topics, markers, expected):
    raw = {
        name: value
        for name, value in [("topics", topics), ("acute_markers", markers)]
        if value is not None
    }
    assert NKS.criterion("K03").applies.evaluate(resolve(NKS, raw)) is expected


def test_k08_applies_when_query_call_not_answered_or_not_made():
    assert statuses(NKS, message_call())["K08"] == "pass"
    # no query call made: query_call_answered was not asked (None), "is not yes" holds
    no_query = {"query_call_made": "no", "query_call_answered": None, "vakttelefon_used": None}
    assert statuses(NKS, message_call(**no_query))["K08"] == "pass"
    assert (
        statuses(NKS, message_call(**{**no_query, **NO_MESSAGE, "message_sent": "no"}))["K08"]
        == "fail"
    )
    # answered: not applicable
    assert statuses(NKS, message_call(query_call_answered="yes"))["K08"] == "not_applicable"
    # the query call's answer left empty: whether K08 applies is unknown
    assert statuses(NKS, message_call(query_call_answered=None))["K08"] == "not_answered"


@pytest.mark.parametrize(
    "acute, urgency, expected",
    [
        (False, None, True),
        (True, "yes", True),
        (True, "no", False),
        (True, UNKNOWN, UNKNOWN),
        (UNKNOWN, "yes", True),
        (UNKNOWN, None, UNKNOWN),
    ],
)
def test_k09_urgency_only_matters_for_acute_calls(acute, urgency, expected):
    rule = NKS.criterion("K09").passes
    record = {
        "message_states_need": "yes",
        "message_has_callback_details": "yes",
        "acute": acute,
        "message_states_urgency": urgency,
    }
    assert rule.evaluate(record.__getitem__) is expected


def test_k09_a_missing_detail_fails_and_an_unanswered_one_is_unknown():
    rule = NKS.criterion("K09").passes
    record = {
        "message_states_need": "yes",
        "message_has_callback_details": "no",
        "acute": UNKNOWN,
        "message_states_urgency": UNKNOWN,
    }
    assert rule.evaluate(record.__getitem__) is False
    record = {
        "message_states_need": UNKNOWN,
        "message_has_callback_details": "yes",
        "acute": False,
        "message_states_urgency": None,
    }
    assert rule.evaluate(record.__getitem__) is UNKNOWN


def test_k09_in_a_full_call():
    acute_message = message_call(
        acute_markers=["no_housing"], message_states_urgency="no", same_day_contact="no"
    )
    assert statuses(NKS, acute_message)["K09"] == "fail"
    assert statuses(NKS, {**acute_message, "message_states_urgency": "yes"})["K09"] == "pass"


def test_k11_same_day_or_answered_query_call():
    def k11(**overrides):
        return statuses(
            NKS,
            message_call(
                **{"acute_markers": ["no_food"], "message_states_urgency": "yes", **overrides}
            ),
        )["K11"]

    assert k11(same_day_contact="yes") == "pass"
    assert k11(same_day_contact="no") == "fail"
    # the spec's example: same_day_contact `unknown` and the query call not answered
    assert k11(same_day_contact="unknown") == "not_answered"
    # ... but an answered query call settles it
    assert k11(same_day_contact="unknown", query_call_answered="yes") == "pass"
    # query call not made (not asked) and same day unknown: not answered
    assert (
        k11(
            same_day_contact="unknown",
            query_call_made="no",
            query_call_answered=None,
            vakttelefon_used=None,
        )
        == "not_answered"
    )


def test_k13_and_k14_and_k07_and_k03():
    assert (
        statuses(NKS, message_call(caller_role="professional", proxy_authority_checked="no"))["K13"]
        == "fail"
    )
    assert statuses(NKS, message_call(interpreter_offered="yes"))["K14"] == "pass"
    assert statuses(NKS, good_acute_call(vakttelefon_used="no"))["K07"] == "fail"
    assert statuses(NKS, good_acute_call(vakttelefon_used=None))["K07"] == "not_answered"
    assert statuses(NKS, good_acute_call(urgency_assessed=None))["K03"] == "not_answered"


def test_nks_relevance_rules():
    # the "asked if" rules of the shipped survey
    fields = [
        "query_call_made",
        "query_call_answered",
        "message_sent",
        "message_states_urgency",
        "proxy_authority_checked",
        "interpreter_offered",
        "same_day_contact",
    ]
    look = resolve(NKS, message_call())
    assert {name: NKS.survey.is_asked(name, look) for name in fields} == {
        "query_call_made": True,
        "query_call_answered": True,
        "message_sent": True,
        "message_states_urgency": False,
        "proxy_authority_checked": True,
        "interpreter_offered": True,
        "same_day_contact": False,
    }
    look = resolve(NKS, simple_call())
    assert NKS.survey.is_asked("message_sent", look) is False
    assert NKS.survey.is_asked("query_call_answered", look) is False


def good_office(**overrides):
    return valid_office(
        **{"reception_hours_per_week": 20.0, "limited_hours_justified": None, **overrides}
    )


def test_office_good():
    result = statuses(OFFICE, good_office())
    assert result.pop("O03") == "not_applicable"
    assert set(result.values()) == {"pass"}


def test_office_poor():
    poor = good_office(
        reception_hours_per_week=0,
        walk_in_without_appointment="no",
        limited_hours_justified="no",
        has_vakttelefon="no",
        vakttelefon_covers_nks_hours=None,
        acute_same_day_routine="no",
        nks_message_routine="no",
        nks_info_up_to_date="no",
        non_digital_alternative="no",
        preparedness_plan_covers_social_services="no",
        covid_closed_all_channels="yes",
    )
    assert set(statuses(OFFICE, poor).values()) == {"fail"}


@pytest.mark.parametrize(
    "hours, o01, o03",
    [
        (0, "fail", "not_answered"),
        (6, "fail", "not_answered"),
        (6.5, "pass", "not_answered"),
        (10, "pass", "not_answered"),
        (10.5, "pass", "not_applicable"),
        (60, "pass", "not_applicable"),
    ],
)  # fmt: skip
def test_office_opening_hours_bands(hours, o01, o03):
    # limited_hours_justified left empty where it is asked: O03 not answered
    result = statuses(OFFICE, good_office(reception_hours_per_week=hours))
    assert result["O01"] == o01
    assert result["O03"] == o03


def test_office_o03_with_justification_and_parameters():
    record = good_office(reception_hours_per_week=8, limited_hours_justified="yes")
    assert statuses(OFFICE, record)["O03"] == "pass"
    assert statuses(OFFICE, {**record, "limited_hours_justified": "no"})["O03"] == "fail"
    moved = statuses(OFFICE, record, min_reception_hours=8, limited_hours_threshold=7)
    assert moved["O01"] == "fail"
    assert moved["O03"] == "not_applicable"


def test_office_o04_o08_o10_partial():
    assert statuses(OFFICE, good_office(vakttelefon_covers_nks_hours="no"))["O04"] == "fail"
    assert (
        statuses(OFFICE, good_office(has_vakttelefon="no", vakttelefon_covers_nks_hours=None))[
            "O04"
        ]
        == "fail"
    )
    assert statuses(OFFICE, good_office(non_digital_alternative="no"))["O08"] == "fail"
    assert statuses(OFFICE, good_office(covid_closed_all_channels="yes"))["O10"] == "fail"
    assert statuses(OFFICE, good_office(covid_closed_all_channels=None))["O10"] == "not_answered"


@pytest.mark.parametrize("catalogue", [NKS, OFFICE], ids=["nks-call", "office"])
def test_shipped_rules_name_only_fields_derived_names_and_parameters(catalogue):
    known = (
        set(catalogue.survey.by_name) | set(catalogue.survey.derived) | set(catalogue.parameters)
    )
    for criterion in catalogue.criteria:
        assert criterion.names <= known, criterion.id
