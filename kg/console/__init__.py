"""The interactive SPARQL console, `kg console`, in the parts pgcli gives their own files: `scanner`
reads SPARQL text, `names` loads what to complete, `completer` completes it, `commands` is the table of
backslash commands, `session` runs queries and commands, `app` holds the prompt and the run loop."""

from kg.console.app import run

__all__ = ["run"]
