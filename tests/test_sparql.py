"""kg.sparql, the one reader of SPARQL text: where queries end, what is left open, updates, keywords
and the token at an error's position, on text that trips up a reader of characters."""

from __future__ import annotations

import pytest

from kg.sparql import (
    has_code,
    is_complete,
    is_update,
    keywords,
    missing_object,
    prompt_state,
    scan,
    split_command,
    statements,
    strip_end,
    token_at,
    variables,
)


@pytest.mark.parametrize(
    "text, complete",
    [
        ("SELECT * WHERE { ?s ?p ?o };", True),
        ("SELECT * WHERE { ?s a kg:Person ;", False),
        ("SELECT * WHERE { ?s ?p ?o } ;  ", True),
        ("SELECT (GROUP_CONCAT(?n;", False),
        ("SELECT * WHERE { ?s ?p 'a;' } # ;", False),
        ("SELECT * WHERE { ?s ?p '''\n;", False),
        ("SELECT * WHERE { ?s ?p '''a ''b'' };''' };", True),
        ('SELECT * WHERE { ?s ?p "say \\"}\\";" };', True),
        ("SELECT * WHERE { FILTER(?x < 3) };", True),
        ("SELECT * WHERE { ?s ?p <http://x/{;> ;", False),
        ("SELECT * WHERE { ?s ?p <http://example.org/a#b> };", True),
        ("SELECT * WHERE { ?s ?p ?o } # done;", False),
        ("\\d", True),
        ("", True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
    ],
    ids=[
        "ends",
        "predicate-list",
        "trailing-space",
        "group-concat",
        "string-and-comment",
        "long-string",
        "long-string-with-quotes",
        "escaped-quote",
        "less-than",
        "not-an-iri",
        "iri-with-hash",
        "comment-after",
        "command",
        "empty",
        "no-semicolon",
    ],
)
def test_is_complete(text, complete):
    assert is_complete(text) is complete


@pytest.mark.parametrize(
    "text, opened, state",
    [
        ("SELECT ?x WHERE { ?x ?y ;", "{", "code"),
        ("SELECT (COUNT(", "((", "code"),
        ("SELECT * WHERE { OPTIONAL { ?s ?p [ kg:role", "{{[", "code"),
        ("SELECT * WHERE { ?s ?p 'Cairo", "{'", "string"),
        ('SELECT * WHERE { ?s ?p """two\nlines', '{"', "string"),
        ("SELECT * WHERE { ?s ?p 'short\n", "{", "code"),
        ("SELECT * WHERE { ?s ?p ?o } # {", "", "comment"),
        ("SELECT * WHERE { ?s ?p '}' }", "", "code"),
    ],
    ids=["brace", "parens", "nested", "string", "long-string", "short-string-ends-at-line", "comment", "brace-in-string"],
)
def test_scan_says_what_is_open(text, opened, state):
    found = scan(text)
    assert (found.open, found.state) == (opened, state)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("SELECT ?x WHERE {\n", "{"),
        ("SELECT (COUNT(\n", "("),
        ("SELECT * WHERE { ?s ?p '''two\n", "'"),
        ("SELECT * WHERE { ?s ?p ?o }\n", "-"),
        ("SELECT * WHERE { ?s ?p '}' .\n", "{"),
    ],
    ids=["brace", "parens", "long-string", "only-the-semicolon", "brace-in-string"],
)
def test_the_continuation_prompt_shows_what_is_open(text, shown):
    assert prompt_state(text) == shown


def test_a_command_on_the_last_line_splits_from_the_query_above():
    assert split_command("SELECT ?x WHERE {\n  \\?\n") == ("SELECT ?x WHERE {\n", "\\?")
    assert split_command("\\q") == ("", "\\q")
    assert split_command("SELECT * WHERE { ?s ?p '''\n\\q") is None  # inside a string: text, not a command
    assert split_command("SELECT 1;") is None
    assert is_complete("SELECT ?x WHERE {\n\\r") and not is_complete("SELECT ?x WHERE {\n")


def test_semicolons_in_iris_strings_and_comments_end_nothing():
    text = "SELECT * WHERE { ?s ?p <http://x;y#z> } ; # ;\nASK { ?s ?p ';' } ;"
    assert scan(text).ends == (40, len(text) - 1)


def test_statements_keep_their_position():
    found = [(s.text.strip(), s.line, s.column) for s in statements("A;  B\nC;\n\\d\n# only a comment\nD")]
    assert found == [("A", 1, 1), ("B\nC", 1, 3), ("\\d", 3, 1), ("D", 5, 1)]


def test_statements_of_a_script_with_braces_strings_and_commands():
    script = (
        "# people\n"
        "SELECT ?name WHERE {\n"
        "  ?a a kg:Person ;\n"
        "     skos:prefLabel ?name FILTER(?name != 'a;b}')\n"
        "};\n"
        "\\format csv\n"
        "\n"
        "  ASK { ?s ?p <http://x/#;> } ; SELECT (1 AS ?one) WHERE {}\n"
    )
    found = [(s.text.strip().split()[0], s.line, s.column) for s in statements(script)]
    assert found == [("SELECT", 2, 1), ("\\format", 6, 1), ("ASK", 8, 1), ("SELECT", 8, 32)]
    assert next(statements(script)).text.rstrip().endswith("FILTER(?name != 'a;b}')\n}")


def test_a_backslash_in_a_string_starts_no_command():
    script = "SELECT * WHERE { ?s ?p '''\n\\q\n''' };\n\\q\n"
    assert [s.text.strip()[:6] for s in statements(script)] == ["SELECT", "\\q"]


def test_strip_end_and_has_code():
    assert strip_end("SELECT * WHERE {} ;  \n") == "SELECT * WHERE {} "
    assert strip_end("SELECT * WHERE { ?s ?p ';' }") == "SELECT * WHERE { ?s ?p ';' }"
    assert not has_code("  # a comment\n\n")
    assert has_code("# a comment\nASK {}")


@pytest.mark.parametrize(
    "text, update",
    [
        ("INSERT DATA { kg:a kg:b kg:c }", True),
        ("PREFIX x: <http://x/>\n# c\n delete where { ?s ?p ?o }", True),
        ("SELECT * WHERE {}", False),
        ("SELECT * WHERE { ?s kg:insertedBy ?o ; ?p 'DROP ALL' } # CLEAR", False),
        ("SELECT ?drop WHERE { ?drop <http://x/load> ?with }", False),
    ],
    ids=["insert", "after-prologue", "select", "words-in-names-strings-comments", "words-in-variables-iris"],
)
def test_is_update(text, update):
    assert is_update(text) is update


def test_keywords_are_bare_words_only():
    text = "SELECT ?service WHERE { ?s as:service 'SERVICE'@en ; kg:x <http://service/> } GROUP BY ?s LATERAL"
    assert keywords(text) == {"SELECT", "WHERE", "GROUP", "BY", "LATERAL"}
    assert "SERVICE" in keywords("SELECT * WHERE { SERVICE <http://x/> {} }")


def test_variables_in_order_not_in_strings():
    assert variables("SELECT ?b $a WHERE { ?a ?p '?c' } ORDER BY ?b") == ["b", "a", "p"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("SELECT ?x WHERE { ?x ?y }", (1, 19)),
        ("SELECT ?x WHERE {\n  ?x ?y ?z ;\n     ?w }", (3, 6)),
        ("SELECT * WHERE { ?s ?p ?o . ?a ?b . }", (1, 29)),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", None),
        ("SELECT * WHERE { VALUES ?x { 1 2 } ?x ?p 'a b' FILTER(?x > 1) }", None),
        ("SELECT * WHERE { ?s a kg:Person ; skos:prefLabel ?n, ?m . [ kg:x ?y ] kg:z ?w }", None),
        ("SELECT * WHERE { ?s ?p 'a }' }", None),
        ("SELECT * WHERE { { SELECT ?a ?b WHERE { GRAPH ?g { ?a ?b ?c } } } }", None),
    ],
    ids=["two-terms", "after-semicolon", "second-pattern", "whole", "values", "lists-and-blank-nodes", "brace-in-string", "subquery"],
)
def test_a_triple_pattern_without_its_object_is_found(text, found):
    assert missing_object(text) == found


@pytest.mark.parametrize(
    "text, line, column, shown",
    [
        ("SELEC * WHERE { ?s ?p ?o }", 1, 10, "'WHERE'"),
        ("SELECT * WHERE { ?s foo:bar ?o }", 1, 28, "'foo:bar'"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT ten\n", 1, 35, "'ten'"),
        ('SELECT * WHERE { ?s ?p "Cairo }\n', 1, 32, "'}'"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1 ;\nSELECT * WHERE { ?s ?p ?o }\n", 2, 5, "'SELECT'"),
        ("SELECT * WHERE { ?s ?p }\n", 2, 1, "end of query"),
        ("SELECT * WHERE {\n  ?s ?p ?o\n", 3, 1, "end of query"),
    ],
    ids=["keyword", "prefixed-name", "bare-word", "in-a-string", "second-line", "end", "missing-brace"],
)
def test_token_at_an_error_position(text, line, column, shown):
    assert token_at(text, line, column) == shown
