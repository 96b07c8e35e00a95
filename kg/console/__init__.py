"""The interactive SPARQL console, `kg console`, in the parts pgcli gives their own files: `names` loads
what to complete, `completer` completes it, `commands` is the table of backslash commands, `session` runs
queries and commands, `app` holds the prompt and the run loop. kg.sparql reads the SPARQL text."""


from kg.console.app import run

__all__ = ["run"]
