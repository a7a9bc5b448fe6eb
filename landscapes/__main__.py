"""`python -m landscapes` runs the command line."""

from landscapes.cli import main

main()
