"""The console, driven as a user drives it: the real `kg console` in a real terminal (pexpect's pty),
with assertions on what the screen shows; plus the completer on its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import psutil
import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from wcwidth import wcswidth

from kg import store as kgstore
from kg.console.completer import SparqlCompleter, suggest
from kg.console.names import ontology_terms, store_names

KG = str(Path(sys.executable).parent / "kg")
TIMEOUT = 20
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|[\r\x08\x07]")
ESCAPE_ENTER = "\x1b\r"
TAB = "\t"
CTRL_C = "\x03"
CTRL_D = "\x04"
UP = "\x1b[A"
PROMPT_UP = "\x1b[?2004h"  # prompt_toolkit turns on bracketed paste once the terminal is in raw mode


class Screen:
    """What the console has shown so far, without the terminal's control sequences.

    `wait` reads until a pattern appears after the previous match, so each assertion looks only at
    what came after the last one."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.raw = ""
        self.mark = 0
        self.prompts = 0

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def wait(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern, re.DOTALL).search(self.text, self.mark)
            if match:
                self.mark = match.end()
                return match
            if time.monotonic() > deadline or not self.child.isalive() and not self._read():
                raise AssertionError(f"{pattern!r} not on screen; after the last match it shows:\n{self.text[self.mark :]}")
            self._read()

    def wait_prompt(self, timeout: float = TIMEOUT) -> None:
        """Wait for the next prompt to take keys: before, the terminal is not in raw mode, and a key such
        as Ctrl-D or Enter would be read by the line discipline instead of the console."""
        deadline = time.monotonic() + timeout
        while self.raw.count(PROMPT_UP) <= self.prompts:
            if time.monotonic() > deadline or not self.child.isalive() and not self._read():
                raise AssertionError(f"no new prompt; the screen shows:\n{self.text[self.mark :]}")
            self._read()
        self.prompts = self.raw.count(PROMPT_UP)

    def _read(self) -> bool:
        try:
            self.raw += self.child.read_nonblocking(65536, timeout=0.1)
            return True
        except (pexpect.TIMEOUT, pexpect.EOF):
            return False


@pytest.fixture
def data_home(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def console(built_store: Path, data_home: Path) -> Iterator[Callable[..., Screen]]:
    """Starts `kg console` in a terminal 40 lines high and 200 columns wide unless told, history under a temporary XDG data directory; every
    child is ended after the test, whatever happened."""
    children: list[pexpect.spawn] = []
    env = {name: value for name, value in os.environ.items() if name != "VISUAL"}
    env |= {"XDG_DATA_HOME": str(data_home), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}

    def start(*args: str, columns: int = 200, lines: int = 40, pager: str = "cat", editor: str = "false") -> Screen:
        child = pexpect.spawn(
            KG,
            ["console", "--store", str(built_store), *args],
            env=env | {"PAGER": pager, "EDITOR": editor},
            dimensions=(lines, columns),
            encoding="utf-8",
        )
        children.append(child)
        screen = Screen(child)
        screen.wait(r"Alt-Enter")
        screen.wait_prompt()
        return screen

    yield start
    for child in children:
        child.terminate(force=True)
        child.close()


def run_script(store: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, "console", "--store", str(store), *args], input=script, capture_output=True, text=True, timeout=TIMEOUT)


# -- in a terminal ------------------------------------------------------------------------------------


def test_typed_query_runs_at_semicolon_and_shows_rows(console):
    screen = console()
    screen.send("SELECT ?name WHERE {\r")
    screen.send("  ?a a kg:Person ;\r")  # ';' inside braces: Enter only adds a line
    screen.wait(r"kg\{>")  # the continuation prompt says a brace is open
    screen.send("     skos:prefLabel ?name }\r")
    screen.wait(r"kg->")  # nothing open, the ';' missing
    screen.send("ORDER BY ?name;\r")
    shown = screen.wait(r"\| name +\|.*?\| Rufus Firefly +\|.*?(\d+) rows? in [\d.]+ ms")
    assert int(shown[1]) >= 1


def test_alt_enter_runs_without_semicolon(console):
    screen = console()
    screen.send("ASK { ?a skos:prefLabel 'Armenia' }")
    screen.send(ESCAPE_ENTER)
    screen.wait(r"\ntrue\n")


def test_completes_ontology_term_after_prefix(console):
    screen = console()
    screen.send("SELECT ?m WHERE { ?m a kg:Mee")
    screen.wait(r"kg:Meeting +class meeting - A meeting")  # the menu opens as you type
    screen.send(TAB)
    screen.wait(r"kg:Meeting")
    screen.send(" };\r")
    screen.wait(r"\| m +\|.*meeting:.*2 rows in")


def test_completes_actor_label_with_its_iri(console):
    screen = console()
    screen.send("SELECT ?p WHERE { Arme")
    screen.wait(r"Armenia +Country actor:armenia")
    screen.send(TAB)  # takes the first completion: the actor's IRI in place of the typed label
    screen.wait(r"<https://w3id\.org/kg-news/id/actor/armenia>")
    screen.send(" ?p ?o };\r")
    screen.wait(r"\| skos:prefLabel +\|.*rows in")


def test_syntax_error_shows_position_and_console_goes_on(console):
    screen = console()
    screen.send("SELECT ?x WHERE { ?x ?y };\r")
    error = screen.wait(r"Error: (\d+):(\d+): SPARQL syntax error: [^\n]+\n")
    assert error[1] == "1"
    screen.wait_prompt()
    screen.send("SELECT (1 + 1 AS ?two) WHERE {};\r")
    screen.wait(r"\| two +\|.*\| 2 +\|.*1 row in")


def test_ctrl_c_drops_the_input(console):
    screen = console()
    screen.send("SELECT nonsense")
    screen.send(CTRL_C)
    screen.wait_prompt()
    screen.send("SELECT (3 AS ?three) WHERE {};\r")
    screen.wait(r"\| 3 +\|.*1 row in")
    assert "Error" not in screen.text


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def wait_for_work(screen: Screen, seconds: float = 1.0) -> None:
    """Wait until the console's processes have spent `seconds` of CPU time: the query is running."""
    console = psutil.Process(screen.child.pid)
    deadline = time.monotonic() + TIMEOUT
    while sum(p.cpu_times().user for p in console.children(recursive=True)) < seconds:
        assert time.monotonic() < deadline, "the query never started"
        time.sleep(0.1)


def test_ctrl_c_cancels_a_running_query_and_the_session_goes_on(console):
    screen = console()
    screen.send(SLOW + ";\r")
    wait_for_work(screen)
    screen.send(CTRL_C)
    screen.wait(r"Error: query cancelled \(Ctrl-C\)")
    screen.wait_prompt()
    screen.send("SELECT (5 AS ?five) WHERE {};\r")
    screen.wait(r"\| five +\|.*\| 5 +\|.*1 row in")


def test_timeout_stops_a_long_query(console):
    screen = console()
    screen.send("\\timeout 1\r")
    screen.wait(r"queries stop after 1 s")
    screen.wait_prompt()
    screen.send(SLOW + ";\r")
    screen.wait(r"Error: query cancelled after 1 s \(\\timeout\)")
    screen.wait_prompt()
    screen.send("SELECT (6 AS ?six) WHERE {};\r")
    screen.wait(r"\| 6 +\|.*1 row in")


def test_backslash_r_clears_an_unfinished_query(console):
    screen = console()
    screen.send("SELECT ?x WHERE { ?x ?y ;\r")
    screen.send("\\r\r")
    screen.wait(r"query buffer cleared")
    screen.wait_prompt()
    screen.send("\\p\r")
    screen.wait(r"query buffer is empty")
    screen.wait_prompt()
    screen.send("SELECT (8 AS ?eight) WHERE {};\r")
    screen.wait(r"\| 8 +\|.*1 row in")
    assert "Error" not in screen.text


def test_a_command_under_an_unfinished_query_runs_and_keeps_it(console):
    screen = console()
    screen.send("SELECT (9 AS ?nine)\r")
    screen.send("\\?\r")
    screen.wait(r"\\timing +show or hide")
    screen.wait_prompt()
    screen.send("WHERE {};\r")  # the query typed before \? is still in the buffer
    screen.wait(r"\| nine +\|.*\| 9 +\|.*1 row in")


def test_backslash_q_leaves_in_the_middle_of_a_query(console):
    screen = console()
    screen.send("SELECT ?x WHERE {\r")
    screen.send("\\q\r")
    screen.child.expect(pexpect.EOF, timeout=TIMEOUT)
    screen.child.close()
    assert screen.child.exitstatus == 0


def shown_lines(screen: Screen, start: str, end: str) -> list[str]:
    """The lines of a result on screen, from the line holding `start` to the one before `end`."""
    found = screen.wait(re.escape(start) + ".*?" + end)
    return [line for line in found[0].splitlines() if line.strip()][:-1]


def test_results_fit_a_100_column_terminal(console):
    screen = console(columns=100)
    screen.send("\\n who-met-whom\r")
    lines = shown_lines(screen, "+--", r"\d+ rows in [\d.]+ ms")
    assert len(lines) > 5 and max(map(wcswidth, lines)) <= 100
    assert "…" in "".join(lines)
    screen.wait_prompt()
    screen.send("\\x auto\r")
    screen.wait(r"expanded display is auto")
    screen.wait_prompt()
    screen.send("\\n who-met-whom\r")
    records = shown_lines(screen, "-[ RECORD 1 ]", r"\d+ rows in [\d.]+ ms")
    assert max(map(wcswidth, records)) <= 100 and any(line.startswith("evidence | ") for line in records)


def test_timing_leaves_out_the_pager(console, tmp_path):
    pager = tmp_path / "slow-pager"
    pager.write_text("#!/bin/sh\nsleep 2\necho PAGED\ncat\n")
    pager.chmod(0o755)
    screen = console(lines=10, pager=str(pager))
    screen.send("\\n actors\r")
    screen.wait(r"PAGED\n.*\| actor +\|")  # more rows than the screen: the pager showed them, after 2 s
    assert screen.wait(r"\d+ rows in [\d.]+ (m?s)\n")[1] == "ms"


def test_json_is_indented_in_a_terminal(console):
    screen = console()
    screen.send("\\format json\r")
    screen.wait_prompt()
    screen.send("SELECT (1 AS ?one) WHERE {};\r")
    screen.wait(r'\{\n  "head": \{\n    "vars": \[\n      "one"')


def test_backslash_e_edits_the_buffer_and_runs_it(console, tmp_path):
    editor = tmp_path / "editor"
    editor.write_text("#!/bin/sh\nprintf ' WHERE {};\\n' >> \"$1\"\n")  # finishes the query it is given
    editor.chmod(0o755)
    screen = console(editor=str(editor))
    screen.send("SELECT (7 AS ?seven)\r")
    screen.send("\\e\r")
    screen.wait(r"\| seven +\|.*\| 7 +\|.*1 row in")


def test_history_survives_a_restart(console, data_home):
    first = console()
    first.send("SELECT (42 AS ?answer) WHERE {};\r")
    first.wait(r"\| 42 +\|")
    first.wait_prompt()
    first.send(CTRL_D)
    first.child.expect(pexpect.EOF, timeout=TIMEOUT)
    assert "SELECT (42 AS ?answer) WHERE {};" in (data_home / "kg" / "history").read_text()

    second = console()
    second.send(UP)
    second.wait(r"SELECT \(42 AS \?answer\) WHERE \{\};")
    second.send("\r")
    second.wait(r"\| answer +\|.*\| 42 +\|")


def test_named_query_by_backslash_n(console):
    screen = console()
    screen.send("\\l\r")
    screen.wait(r"actors +Actors: one row per actor")
    screen.wait_prompt()
    screen.send("\\n actors\r")
    screen.wait(r"\| actor +\| name +\| type +\| article +\|.*\| Armenia +\| Country +\|.*rows in")


def test_ctrl_d_leaves(console):
    screen = console()
    screen.send(CTRL_D)
    screen.child.expect(pexpect.EOF, timeout=TIMEOUT)
    screen.child.close()
    assert screen.child.exitstatus == 0


# -- as a script --------------------------------------------------------------------------------------


def test_reads_queries_from_stdin(built_store):
    script = (
        "# who is a person\n"
        "SELECT ?name WHERE { ?a a kg:Person ; skos:prefLabel ?name } ORDER BY ?name;\n"
        "\\format csv\n"
        "SELECT ?name WHERE { ?a skos:prefLabel 'Armenia', ?name };\n"
    )
    result = run_script(built_store, script)
    assert result.returncode == 0, result.stderr
    assert "| Rufus Firefly" in result.stdout
    assert result.stdout.endswith("name\nArmenia\n")
    assert re.search(r"\d+ rows? in [\d.]+ ms\nformat is csv\n1 row in", result.stderr)


def test_script_error_points_into_the_file_and_the_rest_runs(built_store):
    result = run_script(built_store, "SELECT (1 AS ?one) WHERE {};\n\nSELECT ?x\nWHERE { ?x ?y };\nSELECT (2 AS ?two) WHERE {};\n")
    assert result.returncode == 1
    assert re.match(r"Error: 4:\d+: SPARQL syntax error", result.stderr.splitlines()[1])
    assert "| 1   |" in result.stdout and "| 2   |" in result.stdout


def test_update_refused_without_write(built_store):
    result = run_script(built_store, "INSERT DATA { kg:a kg:b kg:c };\n")
    assert result.returncode == 1
    assert result.stderr == "Error: the store is open read-only: start `kg console --write` to run updates\n"


def test_updates_run_with_write_and_keep_the_default_graph_the_union(built_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    egypt = "SELECT ?a WHERE { ?a a kg:Country ; skos:prefLabel 'Egypt' };\n"
    assert "| actor:egypt |" in run_script(store, egypt).stdout
    script = (
        "INSERT DATA { GRAPH <https://w3id.org/kg-news/id/article/cairo_talks> { kg:a skos:prefLabel 'Zeppo' } };\n"
        "INSERT DATA { kg:b skos:prefLabel 'Zeppo' };\n"  # the default graph alone: no article says it
        "DELETE WHERE { GRAPH ?g { ?a a kg:Country ; skos:prefLabel 'Egypt' . } };\n"
        "SELECT ?s WHERE { ?s skos:prefLabel 'Zeppo' };\n"
    )
    result = run_script(store, script + egypt, "--write")
    assert result.returncode == 0, result.stderr
    assert "| kg:a |" in result.stdout and "kg:b" not in result.stdout
    assert "egypt" not in result.stdout


def test_describe_shows_facts_and_evidence(built_store):
    result = run_script(built_store, "\\describe Rufus Firefly\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("actor:rufus-firefly\n")
    assert "| rdf:type " in result.stdout and "kg:Person" in result.stdout
    assert re.search(r"evidence:\n  cairo_talks\.txt:\d+: .*Rufus Firefly", result.stdout)


def test_schema_counts_classes_and_properties(built_store):
    result = run_script(built_store, "\\d\n")
    assert re.search(r"\| kg:Person +\| \d+ +\| person +\|", result.stdout)
    assert re.search(r"\| kg:participant +\| \d+ +\| participant +\|", result.stdout)


def test_output_to_file_then_back_to_screen(built_store, tmp_path):
    target = tmp_path / "meetings.ttl"
    result = run_script(built_store, f"\\o {target}\nCONSTRUCT WHERE {{ ?m a kg:Meeting }};\nSELECT (1 AS ?one) WHERE {{}};\n")
    assert result.returncode == 0, result.stderr
    assert "a kg:Meeting" in target.read_text()
    assert "kg:Meeting" not in result.stdout and "| 1   |" in result.stdout
    assert f"2 triples written to {target}" in result.stderr


def test_backslash_i_runs_a_file_and_errors_point_into_it(built_store, tmp_path):
    script = tmp_path / "two.rq"
    script.write_text("SELECT (1 AS ?one) WHERE {};\n\nSELECT ?x\nWHERE { ?x ?y };\n")
    result = run_script(built_store, f"\\i {script}\nSELECT (2 AS ?two) WHERE {{}};\n")
    assert result.returncode == 1
    assert re.match(rf"Error: {re.escape(str(script))}:4:\d+: SPARQL syntax error", result.stderr.splitlines()[1])
    assert "| 1   |" in result.stdout and "| 2   |" in result.stdout


def test_output_file_is_checked_when_given(built_store, tmp_path):
    result = run_script(built_store, f"\\o {tmp_path}/missing/out.csv\nSELECT (1 AS ?one) WHERE {{}};\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"Error: {tmp_path}/missing/out.csv: No such file or directory"
    assert "| 1   |" in result.stdout  # the query after it still ran, to the screen


@pytest.mark.parametrize(
    "script, error",
    [
        ("\\z\n", "unknown command \\z (\\? lists the commands)"),
        ("\\format yaml\n", "unknown format 'yaml' (one of table, vertical, json, xml, csv, tsv)"),
        ("\\n nosuch\n", "no named query 'nosuch'"),
        ("\\describe Groucho\n", "nothing labelled 'Groucho' in the store"),
    ],
    ids=["unknown-command", "unknown-format", "unknown-named-query", "unknown-label"],
)
def test_mistakes_give_one_line(built_store, script, error):
    result = run_script(built_store, script)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: " + error)


def test_console_path_does_not_import_spacy():
    code = "import sys, kg.cli, kg.console; print(sorted(m for m in sys.modules if m.startswith(('spacy', 'kg.extract'))))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


# -- the pieces ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def completer(built_store) -> SparqlCompleter:
    return SparqlCompleter(store_names(kgstore.open_store(built_store, read_only=True), ontology_terms()))


def complete(completer: SparqlCompleter, text: str, requested: bool = False) -> dict[str, str]:
    event = CompleteEvent(completion_requested=requested)
    return {c.text: c.display_meta_text for c in completer.get_completions(Document(text), event)}


def test_expected_kinds_at_cursor():
    kinds = lambda text: [(e.kind, e.word) for e in suggest(Document(text))]  # noqa: E731
    assert kinds("SEL") == [("keyword", "SEL"), ("prefix", "SEL"), ("actor", "SEL")]
    assert kinds("SELECT ?na") == [("variable", "?na")]
    assert kinds("SELECT * WHERE { ?s skos:pref") == [("term", "skos:pref")]
    assert kinds("SELECT * WHERE { ?s nosuch:pref") == []
    assert kinds("SELECT * WHERE { ?s ?p 'Arm") == []
    assert kinds("\\des") == [("command", "\\des")]
    assert kinds("\\n act") == [("named_query", "act")]


def test_completes_classes_with_label_and_comment(completer):
    found = complete(completer, "SELECT * WHERE { ?m a kg:Mee")
    assert list(found) == ["kg:Meeting"]
    assert found["kg:Meeting"].startswith("class meeting - A meeting, talks")


def test_after_a_only_classes(completer):
    found = complete(completer, "SELECT * WHERE { ?m a ", requested=True)
    assert "kg:Meeting" in found and "kg:participant" not in found
    assert "kg:participant" in complete(completer, "SELECT * WHERE { ?m kg:part")


def test_after_a_subject_properties_come_before_classes(completer):
    kinds = [meta.split()[0] for meta in complete(completer, "SELECT * WHERE { ?m kg:", requested=True).values()]
    assert kinds[0] == "property" and "class" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind != "property")


def test_completes_actor_iri_by_part_of_label(completer):
    found = complete(completer, "SELECT * WHERE { Firef")
    assert found == {"<https://w3id.org/kg-news/id/actor/rufus-firefly>": "Person actor:rufus-firefly"}


def test_completes_variables_of_the_query(completer):
    found = complete(completer, "SELECT ?name ?n WHERE { ?actor skos:prefLabel ?na")
    assert list(found) == ["?name"]


def test_completes_keywords_and_prefixes(completer):
    found = complete(completer, "sel")
    assert "SELECT" in found
    assert "skos:" in complete(completer, "SELECT * WHERE { ?s sk")


def test_completes_commands_and_their_arguments(completer):
    assert list(complete(completer, "\\desc")) == ["\\describe"]
    assert list(complete(completer, "\\n who")) == ["who-met-whom"]
    assert list(complete(completer, "\\format ts")) == ["tsv"]
    assert list(complete(completer, "\\describe Rufus")) == ["Rufus Firefly"]


def test_nothing_offered_in_strings_comments_or_unasked(completer):
    assert complete(completer, "SELECT * WHERE { ?s ?p 'Arme", requested=True) == {}
    assert complete(completer, "# Arme", requested=True) == {}
    assert complete(completer, "SELECT * WHERE { ?s ?p ") == {}
