"""Make ``python -m borderwatch`` run the command-line interface."""

from borderwatch.cli import cli

if __name__ == "__main__":
    cli()
