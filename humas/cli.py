"""The ``humas`` command: a thin click layer over archive/, search/ and crawler/.

Every command is in ``humas/commands/``; this module only assembles them and turns errors
into one line on stderr with a non-zero exit (never a traceback).
"""

from __future__ import annotations

import sys

import click

from humas.errors import HumasError

EPILOG = """\b
Examples:
  humas crawl --sites settings/sites.yaml
  humas search "jumat curhat" --region Jatim --since 2024-01 --until 2024-11
  humas export --program "Cooling System" --format csv -o cooling.csv
  humas show https://tribratanews.jatim.polri.go.id/some-article/
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option("0.1.0", prog_name="humas")
def cli() -> None:
    """Archive and search Indonesian regional police (humas) news.

    Data lives in $HUMAS_DATA_DIR (default ./data): archive.db and index/. Set HUMAS_DB_URL to
    use another database (e.g. PostgreSQL).
    """


def _register() -> None:
    """Every module in ``humas/commands`` with a ``command`` is a subcommand."""
    import importlib
    import pkgutil

    import humas.commands

    for info in sorted(pkgutil.iter_modules(humas.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"humas.commands.{info.name}")
        if isinstance(getattr(module, "command", None), click.Command):
            cli.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> None:
    try:
        rv = cli.main(args=argv, prog_name="humas", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        sys.exit(0)
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "humas"
        _fail(f"{exc.format_message()} (see '{cmd} --help')", 2)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except HumasError as exc:
        _fail(str(exc), exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)


def _fail(message: str, code: int) -> None:
    """The error as exactly one line on stderr (a message that spans lines, e.g. a database
    driver's, is joined), then exit with ``code``."""
    click.echo(f"Error: {one_line(message)}", err=True)
    sys.exit(code)


def one_line(message: str, limit: int = 600) -> str:
    """``message`` on one line, without SQLAlchemy's "[SQL: ...]"/"(Background ...)" lines."""
    lines = [line.strip() for line in message.splitlines()
             if line.strip() and not line.lstrip().startswith(("[SQL:", "[parameters:",
                                                                  "(Background on this error"))]
    text = " ".join(" ".join(lines).split()) or "failed"
    return text if len(text) <= limit else text[:limit] + "..."


if __name__ == "__main__":
    main()
