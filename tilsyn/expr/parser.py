"""The parser: recursive descent over the tokens into a small tuple tree, which `build` turns
into closures (and `tilsyn.forms.xlsx_rules` into Excel formulas).

    ("or", [nodes], pos) ("and", [nodes], pos) ("not", node, pos) ("cmp", op, left, right, pos)
    ("name", name, pos) ("lit", value, pos) ("list", tuple, pos) ("group", node, pos)
    ("arith", (first, [(op, node), ...]), pos)   one run of + - or of * /
    ("neg", node, pos) ("call", (function, [nodes]), pos)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from tilsyn.expr.base import MAX_NESTING, MAX_SOURCE_LENGTH, ExprError
from tilsyn.expr.functions import FUNCTION_LIST, TABLE
from tilsyn.expr.tokens import CMP_OPS, KEYWORDS, Token, describe, tokenize

Node: TypeAlias = tuple


def parse_tree(source: object) -> Node:
    """The parse tree of a rule; raises `ExprError` with the position of any mistake."""
    if not isinstance(source, str):
        raise TypeError(f"an expression must be a str, not {type(source).__name__}")
    return Parser(source).parse()


class Parser:
    def __init__(self, source: str):
        self.source = source
        if len(source) > MAX_SOURCE_LENGTH:
            raise self.error(
                f"the expression is {len(source)} characters long; at most "
                f"{MAX_SOURCE_LENGTH} are allowed (position {MAX_SOURCE_LENGTH} is past the "
                f"limit)",
                MAX_SOURCE_LENGTH,
            )
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def is_kw(self, word: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "kw" and value == word

    def is_op(self, *ops: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "op" and value in ops

    def error(self, message: str, position: int) -> ExprError:
        return ExprError(message, position, self.source)

    def expected(self, what: str, after: Token | None) -> ExprError:
        tok = self.tok
        where = f" after '{after[1]}'" if after is not None else ""
        return self.error(
            f"expected {what}{where} at position {tok[2]}, found {describe(tok)}", tok[2]
        )

    def enter(self, position: int) -> None:
        """One level deeper (a parenthesis, `not`, `-` or call): bounded, so that no input can
        exhaust Python's stack here or in the closures built from the tree."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(
                f"the expression nests too deeply at position {position}: at most "
                f"{MAX_NESTING} levels of parentheses, 'not', '-' and function calls",
                position,
            )

    def parse(self) -> Node:
        if not self.source.strip():
            raise self.error("the expression is empty", 0)
        node = self.parse_or()
        tok = self.tok
        if tok[0] != "end":
            hint = ""
            if tok[0] == "name" and str(tok[1]).lower() in KEYWORDS:
                hint = f" (keywords are lowercase: '{str(tok[1]).lower()}')"
            elif tok[0] == "name" and tok[1] == "is":
                hint = " (write '==' or '!=' instead of 'is')"
            elif tok[1] == "(":
                hint = f" (only a function name can be followed by '(': {FUNCTION_LIST})"
            elif tok[0] in ("op", "kw") and tok[1] in CMP_OPS:
                hint = " (comparisons cannot be chained; join them with 'and')"
            raise self.error(
                f"unexpected {describe(tok)} at position {tok[2]}; expected an operator, "
                f"'and', 'or' or the end{hint}",
                tok[2],
            )
        return node

    def parse_or(self, after: Token | None = None) -> Node:
        pos = self.tok[2]
        items = [self.parse_and(after)]
        while self.is_kw("or"):
            after = self.tok
            self.i += 1
            items.append(self.parse_and(after))
        return items[0] if len(items) == 1 else ("or", items, pos)

    def parse_and(self, after: Token | None) -> Node:
        pos = self.tok[2]
        items = [self.parse_not(after)]
        while self.is_kw("and"):
            op = self.tok
            self.i += 1
            items.append(self.parse_not(op))
        return items[0] if len(items) == 1 else ("and", items, pos)

    def parse_not(self, after: Token | None) -> Node:
        if self.is_kw("not"):
            tok = self.tok
            self.enter(tok[2])
            self.i += 1
            node = ("not", self.parse_not(tok), tok[2])
            self.depth -= 1
            return node
        return self.parse_cmp(after)

    def parse_cmp(self, after: Token | None) -> Node:
        left = self.parse_sum(after)
        kind, value, pos = self.tok
        if kind in ("op", "kw") and value in CMP_OPS:
            op_tok = self.tok
            self.i += 1
            right = self.parse_sum(op_tok)
            op = "==" if value == "=" else str(value)
            if op in ("in", "has_any") and right[0] not in ("list", "name"):
                raise self.error(
                    f"expected a list such as ['a', 'b'] after '{value}' at position "
                    f"{right[2]}, found {node_text(right)}",
                    right[2],
                )
            if op == "has" and right[0] == "list":
                raise self.error(
                    f"expected a single code after 'has' at position {right[2]}, found a "
                    f"list (use 'has_any' for a list)",
                    right[2],
                )
            return ("cmp", op, left, right, pos)
        return left

    def parse_sum(self, after: Token | None) -> Node:
        return self.parse_run(("+", "-"), self.parse_product, after)

    def parse_product(self, after: Token | None) -> Node:
        return self.parse_run(("*", "/"), self.parse_unary, after)

    def parse_run(
        self, ops: tuple[str, str], operand: Callable[[Token | None], Node], after: Token | None
    ) -> Node:
        """`operand (op operand)*`, kept flat so that a long sum is a loop, not a recursion."""
        first = operand(after)
        rest = []
        while self.is_op(*ops):
            op_tok = self.tok
            self.i += 1
            rest.append((op_tok[1], operand(op_tok)))
        return ("arith", (first, rest), first[2]) if rest else first

    def parse_unary(self, after: Token | None) -> Node:
        if not self.is_op("-"):
            return self.parse_term(after)
        tok = self.tok
        self.enter(tok[2])
        self.i += 1
        operand = self.parse_unary(tok)
        self.depth -= 1
        if operand[0] == "lit" and type(operand[1]) in (int, float):
            return ("lit", -operand[1], tok[2])  # a negative number is a literal
        return ("neg", operand, tok[2])

    def parse_term(self, after: Token | None) -> Node:
        kind, value, pos = self.tok
        if kind == "name":
            self.i += 1
            if self.is_op("("):
                return self.parse_call(str(value), pos)
            return ("name", value, pos)
        if kind in ("str", "num"):
            self.i += 1
            return ("lit", value, pos)
        if kind == "kw" and value in ("true", "false"):
            self.i += 1
            return ("lit", value == "true", pos)
        if kind == "op" and value == "(":
            self.enter(pos)
            self.i += 1
            inner = self.parse_or(self.tokens[self.i - 1])
            if not self.is_op(")"):
                tok = self.tok
                raise self.error(
                    f"expected ')' to close the '(' at position {pos}, found {describe(tok)} "
                    f"at position {tok[2]}",
                    tok[2],
                )
            self.i += 1
            self.depth -= 1
            return ("group", inner, pos)
        if kind == "op" and value == "[":
            return self.parse_list()
        raise self.expected("a value", after)

    def parse_call(self, name: str, pos: int) -> Node:
        function = TABLE.get(name)
        if function is None:
            hint = ""
            if name.lower() in TABLE:
                hint = f" (function names are lowercase: '{name.lower()}')"
            raise self.error(
                f"unknown function '{name}' at position {pos}; the functions are "
                f"{FUNCTION_LIST}{hint}",
                pos,
            )
        self.enter(pos)
        open_tok = self.tok
        self.i += 1
        args: list[Node] = []
        if not self.is_op(")"):
            after = open_tok
            while True:
                condition = name == "if" and not args  # if() takes a condition first
                args.append(self.parse_or(after) if condition else self.parse_sum(after))
                if self.is_op(")"):
                    break
                if not self.is_op(","):
                    tok = self.tok
                    raise self.error(
                        f"expected ',' or ')' in the call of {name}() at position {pos}, found "
                        f"{describe(tok)} at position {tok[2]}",
                        tok[2],
                    )
                after = self.tok
                self.i += 1
        close = self.tok
        self.i += 1
        self.depth -= 1
        count = len(args)
        if count < function.min_args or (
            function.max_args is not None and count > function.max_args
        ):
            wanted = (
                f"{function.min_args}"
                if function.min_args == function.max_args
                else f"at least {function.min_args}"
            )
            raise self.error(
                f"{name}() at position {pos} takes {wanted} argument"
                f"{'' if function.min_args == 1 else 's'}: {function.arguments}; found "
                f"{count} at position {close[2]}",
                close[2],
            )
        return ("call", (name, args), pos)

    def parse_list(self) -> Node:
        open_tok = self.tok
        self.i += 1
        items: list[object] = []
        if self.is_op("]"):
            self.i += 1
            return ("list", (), open_tok[2])
        after = open_tok
        while True:
            kind, value, pos = self.tok
            if self.is_op("-") and self.tokens[self.i + 1][0] == "num":
                self.i += 1
                items.append(-self.tok[1])  # type: ignore[operator]
            elif kind in ("str", "num"):
                items.append(value)
            elif kind == "kw" and value in ("true", "false"):
                items.append(value == "true")
            else:
                raise self.expected("a string or number in the list", after)
            self.i += 1
            kind, value, pos = self.tok
            if kind == "op" and value == "]":
                self.i += 1
                return ("list", tuple(items), open_tok[2])
            if kind == "op" and value == ",":
                after = self.tok
                self.i += 1
                continue
            raise self.error(
                f"expected ',' or ']' in the list opened at position {open_tok[2]}, found "
                f"{describe(self.tok)} at position {pos}",
                pos,
            )


def _literal_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"the number {value!r}"


def node_text(node: Node) -> str:
    """A node in words, for messages."""
    kind = node[0]
    if kind == "lit":
        return _literal_text(node[1])
    if kind == "call":
        return f"a call of {node[1][0]}()"
    return {
        "group": "a parenthesised expression",
        "list": "a list",
        "name": f"'{node[1]}'",
        "arith": "an arithmetic expression",
        "neg": "an arithmetic expression",
    }.get(kind, "a condition")


def unwrap(node: Node) -> Node:
    while node[0] == "group":
        node = node[1]
    return node


def is_numeric(node: Node) -> bool | None:
    """True: always a number; None: a name or min/max, known only at evaluation; False: never
    a number (text, a list, a condition)."""
    node = unwrap(node)
    kind = node[0]
    if kind in ("arith", "neg"):
        return True
    if kind == "lit":
        return type(node[1]) in (int, float)
    if kind == "call":
        function = TABLE[node[1][0]]
        return True if function.gives_number else (False if function.gives_bool else None)
    return None if kind == "name" else False


def collect_names(node: Node, out: set[str]) -> None:
    kind = node[0]
    if kind == "name":
        out.add(node[1])
    elif kind in ("or", "and"):
        for item in node[1]:
            collect_names(item, out)
    elif kind in ("not", "group", "neg"):
        collect_names(node[1], out)
    elif kind == "cmp":
        collect_names(node[2], out)
        collect_names(node[3], out)
    elif kind == "arith":
        collect_names(node[1][0], out)
        for _, item in node[1][1]:
            collect_names(item, out)
    elif kind == "call":
        for item in node[1][1]:
            collect_names(item, out)
