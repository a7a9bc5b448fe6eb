"""`python -m landscapes` runs the command line."""

from landscapes.cli.commands import main

main()
