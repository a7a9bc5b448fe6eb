"""`python -m landscapes` runs the command line."""

from landscapes.cli.process import main

main()
