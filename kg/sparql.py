"""Reading SPARQL text, for every part of kg that must: where a query ends, what is still open, whether
it is an update, which keywords it uses, and what stands at an error's position, which turns the
parser's syntax errors into one line.

One lexer does it all, the Pygments SPARQL lexer that also colours the console, so an IRI holding '#'
or a string holding ';' or '}' is read the same way everywhere. Four fixes on top of Pygments': a
prefixed name is one token even when its prefix is a keyword (`as:Thing`), a bare word is one token
(`LATERAL`, not `L` `A` `TERAL` with a keyword inside), a language tag is one token and no function
name (`'x'@en`), and a triple-quoted string ends at its closing quotes rather than running on to the
next backslash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pygments.lexer import default, inherit
from pygments.lexers.rdf import SparqlLexer
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Text, _TokenType, is_token_subtype

from kg.errors import KgError

_PREFIXED = "(?:" + SparqlLexer.PN_PREFIX + ")?:(?:" + SparqlLexer.PN_LOCAL + ")?"


def _triple(quote: str) -> list[tuple[str, _TokenType] | tuple[str, _TokenType, str]]:
    """A triple-quoted string's rules: it ends at three quotes; one or two are part of it."""
    return [(quote * 3, String, "end-of-string"), (rf"(?:[^{quote}\\]|{quote}(?!{quote * 2}))+", String), (r"\\", String, "string-escape")]


class KgSparqlLexer(SparqlLexer):
    """Pygments' SPARQL lexer with the four fixes above; the console colours with it too."""

    name = "SPARQL (kg)"
    tokens = {
        "root": [(_PREFIXED, Name.Tag), inherit, (r"[A-Za-z_]\w*", Name.Other)],
        "triple-double-quoted-string": _triple('"'),
        "triple-single-quoted-string": _triple("'"),
        "end-of-string": [(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*", Name.Attribute, "#pop:2"), (r"\^\^", Operator, "#pop:2"), default("#pop:2")],
    }


_LEXER = KgSparqlLexer()
_QUOTES = {'"', "'", '"""', "'''"}
_CLOSE = {"}": "{", ")": "(", "]": "["}
_WORDS = (Keyword, Name.Function, Name.Other)  # bare words: keywords, function names and the unknown
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Token:
    """One token of SPARQL text and the offset it starts at."""

    kind: _TokenType
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokens(text: str) -> Iterator[Token]:
    for start, kind, value in _LEXER.get_tokens_unprocessed(text):
        yield Token(kind, value, start)


@dataclass(frozen=True)
class Scan:
    """What a scan of SPARQL text found at its end: the brackets still open, outermost first, and the
    quote of a string still open (`"{("`, `"{'"`); whether it ends in code, a string or a comment; the
    offsets of the ';' outside brackets, which end queries; and where a backslash command line began,
    if the scan was told to stop there."""

    open: str
    state: str  # "code", "string" or "comment"
    ends: tuple[int, ...]
    command: int | None = None


def scan(text: str, stop_at_command: bool = False) -> Scan:
    """A ';' inside `{ }` separates predicate lists and inside `( )` GROUP_CONCAT's arguments, so only a
    top-level ';' ends a query. A short string ends at a line break, as the lexer ends it."""
    brackets: list[str] = []
    quote, state = "", "code"
    ends: list[int] = []
    for token in tokens(text):
        state = "code"
        if quote:
            if is_token_subtype(token.kind, String):
                quote = "" if token.kind is String and token.text == quote else quote
                state = "string" if quote else "code"
                continue
            quote = ""  # a line break closed a short string
        if is_token_subtype(token.kind, String) and token.text in _QUOTES:
            quote, state = token.text, "string"
        elif is_token_subtype(token.kind, Comment):
            state = "comment" if token.end == len(text) else "code"
        elif token.kind is Punctuation and token.text in "{([":
            brackets.append(token.text)
        elif token.kind is Punctuation and token.text in _CLOSE:
            if brackets:
                brackets.pop()
        elif token.kind is Punctuation and token.text == ";" and not brackets:
            ends.append(token.start)
        elif stop_at_command and token.kind is Error and token.text == "\\" and _starts_line(text, token.start):
            return Scan("".join(brackets), "code", tuple(ends), _line_start(text, token.start))
    return Scan("".join(brackets) + quote[:1], state, tuple(ends))


def _starts_line(text: str, offset: int) -> bool:
    return not text[_line_start(text, offset) : offset].strip()


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def is_complete(text: str) -> bool:
    """Whether Enter should run the buffer: empty, ending in a backslash command line (which may follow
    an unfinished query, as in psql), or a query whose last character is a top-level ';'."""
    stripped = text.strip()
    if not stripped or split_command(stripped) is not None:
        return True
    found = scan(stripped)
    return found.state == "code" and bool(found.ends) and found.ends[-1] == len(stripped) - 1


def split_command(text: str) -> tuple[str, str] | None:
    """A buffer whose last line is a backslash command, outside any string: the query typed before it
    and the command; None for any other buffer."""
    stripped = text.rstrip()
    found = scan(stripped, stop_at_command=True)
    if found.command is None or "\n" in stripped[found.command :]:
        return None
    return stripped[: found.command], stripped[found.command :].strip()


def prompt_state(text: str) -> str:
    """What the continuation prompt shows after this text, as psql's `(` and `'`: the innermost open
    bracket or string, or "-" when nothing is open but the query has not ended."""
    found = scan(text)
    return found.open[-1:] or "-"


def strip_end(text: str) -> str:
    """The input without its final top-level ';', which ends a query but is not SPARQL."""
    stripped = text.rstrip()
    found = scan(stripped)
    if found.ends and found.ends[-1] == len(stripped) - 1 and found.state == "code":
        return stripped[:-1]
    return stripped


def has_code(text: str) -> bool:
    """Whether the text holds more than white space and comments: only then is there something to run."""
    return any(not (is_token_subtype(t.kind, Comment) or is_token_subtype(t.kind, Text)) for t in tokens(text))


@dataclass(frozen=True)
class Statement:
    """One query or backslash command of a script, with where it starts (1-based) for error positions."""

    text: str
    line: int
    column: int


def statements(text: str) -> Iterator[Statement]:
    """Split a script into `;`-terminated queries (the ';' dropped) and one-line backslash commands.
    A backslash command ends an unfinished query, as the end of input does; a last query without ';'
    runs too, so `echo 'SELECT ...' | kg console` works."""
    offset = 0
    while offset < len(text):
        rest = text[offset:]
        found = scan(rest, stop_at_command=True)
        start = 0
        for end in found.ends:
            yield from _statement(text, offset + start, rest[start:end])
            start = end + 1
        if found.command is None:
            yield from _statement(text, offset + start, rest[start:])
            return
        yield from _statement(text, offset + start, rest[start : found.command])
        line_end = rest.find("\n", found.command)
        line_end = len(rest) if line_end < 0 else line_end
        yield from _statement(text, offset + found.command, rest[found.command : line_end].strip())
        offset += line_end + 1


def _statement(text: str, offset: int, part: str) -> Iterator[Statement]:
    """The part as a statement if it holds code, positioned at its first line that is not blank or a comment."""
    if not has_code(part):
        return
    skipped = 0
    for piece in part.splitlines(keepends=True):
        if has_code(piece):
            break
        skipped += len(piece)
    yield Statement(part[skipped:], *position(text, offset + skipped))


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset."""
    return text.count("\n", 0, offset) + 1, offset - _line_start(text, offset) + 1


def keywords(sparql: str) -> set[str]:
    """The bare words of a query, upper-cased: keywords and function names, never the text of strings,
    IRIs, comments, variables or prefixed names. `GROUP BY` gives GROUP and BY."""
    return {word.upper() for t in tokens(sparql) if any(is_token_subtype(t.kind, w) for w in _WORDS) for word in t.text.split()}


def is_update(sparql: str) -> bool:
    """Whether the text is (or holds) a SPARQL UPDATE: a query has none of the update keywords."""
    return bool(keywords(sparql) & _UPDATE_WORDS)


def variables(sparql: str) -> list[str]:
    """The variables of a query without their `?` or `$`, in the order they first appear."""
    return list(dict.fromkeys(t.text[1:] for t in tokens(sparql) if t.kind is Name.Variable))


def token_at(sparql: str, line: int, column: int) -> str:
    """What stands at a parser's error position (1-based), quoted, for the message: the token there, else
    the one just before it, else the next on the line, cut at white space inside a string; or "end of
    line" or "end of query"."""
    lines = sparql.split("\n")
    text = lines[line - 1] if line <= len(lines) else ""
    at = min(column - 1, len(text))
    if not text[at:].strip() and line >= len(lines):
        return "end of query"
    offset = sum(len(part) + 1 for part in lines[: line - 1]) + at
    found: tuple[Token, int] | None = None
    for token in tokens(sparql):
        if not token.text.strip():
            continue
        if token.start <= offset < token.end and not sparql[offset].isspace():
            found = token, offset
            break
        if token.start < offset <= token.end and not sparql[offset - 1].isspace():
            found = token, offset - 1
        elif token.start > offset:
            if found is None and "\n" not in sparql[offset : token.start]:
                found = token, token.start
            break
    if found is None:
        return "end of line"
    token, at = found
    start, end = at, at + 1
    while start > token.start and not sparql[start - 1].isspace():
        start -= 1
    while end < token.end and not sparql[end].isspace():
        end += 1
    return repr(sparql[start:end][:30])


_TERMS = (Name.Variable, Name.Label, Name.Tag, Number, Keyword.Constant)


def missing_object(sparql: str) -> tuple[int, int] | None:
    """Where the first triple pattern that ends without its object begins (`{ ?x ?y }`, `?s ?p ; ?q .`),
    as a 1-based line and column. The parser reports such a pattern where it gave up, further on and
    with keywords that do not help ("expected OPTIONAL at end of query"); this names the pattern."""
    count, start, listed, nested, quote, values = 0, 0, False, 0, "", False
    for token in tokens(sparql):
        kind, text = token.kind, token.text
        if quote:
            quote = "" if kind is String and text == quote or not is_token_subtype(kind, String) else quote
            continue
        if nested and kind is Punctuation and text in "([{":
            nested += 1
        elif nested and kind is Punctuation and text in ")]}":
            nested -= 1
        elif nested:
            continue
        elif kind is Punctuation and text in "([" or values and text == "{":
            count, start, nested, values = count + 1, token.start if count == 0 else start, 1, False
        elif kind is Punctuation and text in ".}" and (count == 2 and not listed or count == 1 and listed):
            return position(sparql, start)
        elif kind is Punctuation and text in ".{}":
            count, listed = 0, False
        elif kind is Punctuation and text == ";":
            count, listed = 0, True
        elif kind is Punctuation and text == ",":
            count = 2
        elif is_token_subtype(kind, String) and text in _QUOTES or any(is_token_subtype(kind, t) for t in _TERMS) or text == "a":
            quote = text if text in _QUOTES else ""
            count, start = count + 1, token.start if count == 0 else start
        elif is_token_subtype(kind, Keyword) or kind is Name.Function or kind is Name.Other:
            count, listed, values = 0, False, text.upper() == "VALUES"
    return None


def syntax_error(err: SyntaxError, sparql: str) -> KgError:
    """One line from pyoxigraph's "error at 3:14: expected one of ...": the position, the token found
    there, and what was expected, without the parser's character classes; and where a triple pattern
    lacks its object, which the parser's own words do not say."""
    text = str(err.msg or err)
    match = re.match(r"error at (\d+):(\d+): (.*)", text, re.DOTALL)
    if not match:
        return KgError(f"SPARQL syntax error: {text.splitlines()[0]}")
    line, column = int(match[1]), int(match[2])
    message = f"SPARQL syntax error: {_expected(match[3])} at {token_at(sparql, line, column)}"
    short = missing_object(sparql)
    if short:
        message += f" (the triple pattern at {short[0]}:{short[1]} has no object)"
    return KgError(message, line=line, column=column)


def _expected(reason: str) -> str:
    reason = re.sub(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]", "", reason)  # character classes: [_], ['0' ..= '9' | ...]
    if not reason.startswith("expected"):
        return reason.splitlines()[0]
    items = [item.strip() for item in reason.removeprefix("expected").removeprefix(" one of").split(", ")]
    items = [item for item in items if item and item != "|"]
    messages = [item for item in items if " " in item and not item.startswith('"')]  # "Prefix not found" and the like
    if messages:
        return messages[0]
    if not items:
        return "a query was expected"
    if len(items) == 1:
        return f"expected {items[0]}"
    return "expected one of " + ", ".join(items[:8]) + (", ..." if len(items) > 8 else "")


def where_group(sparql: str, depth: int = 1) -> int:
    """The offset just inside the `{` that opens a query's WHERE group (depth 1), where a VALUES block
    binds variables for every pattern and filter of the query, or inside the first group within it
    (depth 2), whose patterns the store joins in the order that suits them best."""
    seen_where, opened = False, 0
    for token in tokens(sparql):
        if is_token_subtype(token.kind, Keyword) and token.text.upper() == "WHERE":
            seen_where = True
        elif seen_where and token.kind is Punctuation and token.text == "{":
            opened += 1
            if opened == depth:
                return token.end
    raise KgError("the query has no WHERE { ... } to bind parameters in")


def prefixes_used(sparql: str) -> set[str]:
    """The prefixes of the prefixed names a query uses (`kg` for `kg:Meeting`), its PREFIX lines' own too."""
    return {t.text.split(":", 1)[0] for t in tokens(sparql) if t.kind is Name.Tag and ":" in t.text}
