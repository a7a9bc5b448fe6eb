"""The command line: typer commands over the library, one error path, listings."""
