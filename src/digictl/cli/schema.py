"""`digictl schema [KIND]`: the JSON Schemas, for editors and other tools."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from digictl.cli import complete
from digictl.cli.common import handles_errors
from digictl.i18n import _

Kind = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.11
    typer.Argument(
        help="network, organisation, person, agreement, body, meeting, project or year.",
        autocompletion=complete.kinds,
    ),
]
Export = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--export", help="Write every schema, self-contained, into this directory."),
]
Force = Annotated[
    bool, typer.Option("--force", help="Refresh (overwrite) the schema files when exporting.")
]


@handles_errors
def schema(kind: Kind = None, export: Export = None, force: Force = False) -> None:
    """Print a kind's JSON Schema (Draft 2020-12, self-contained), or without KIND the
    map of which schema applies to which files (the `yaml.schemas` setting of the
    YAML language server). --export writes them all for an editor to use; once they
    exist, --force refreshes them (after upgrading digictl).

    Example: digictl schema project > project.schema.json

    Example: digictl schema --export .digictl/schemas

    Example: digictl schema --export .digictl/schemas --force
    """
    import json

    from digictl.errors import UsageError
    from digictl.fsutil import write_output
    from digictl.load import kinds
    from digictl.load.schemas import bundle, globs
    from digictl.suggest import closest

    if export is not None:
        _export_directory(export)
        targets = {k: export / f"{k.name}.schema.json" for k in kinds.ALL}
        _check_targets(export, list(targets.values()), force)
        for k, path in targets.items():
            write_output(path, json.dumps(bundle(k), ensure_ascii=False, indent=2) + "\n", force)
            typer.echo(_("wrote {path}", path=path))
        return
    if kind is None:
        typer.echo(json.dumps({"yaml.schemas": globs("data")}, indent=2))
        return
    if kind not in kinds.BY_NAME:
        match = closest(kind, kinds.BY_NAME)
        known = ", ".join(kinds.BY_NAME)
        if match:
            raise UsageError(
                _(
                    "`{kind}` is not a kind; did you mean `{match}`? (kinds: {kinds})",
                    kind=kind,
                    match=match,
                    kinds=known,
                )
            )
        raise UsageError(_("`{kind}` is not a kind (kinds: {kinds})", kind=kind, kinds=known))
    typer.echo(json.dumps(bundle(kinds.BY_NAME[kind]), ensure_ascii=False, indent=2))


def _check_targets(export: Path, targets: list[Path], force: bool) -> None:
    """Every --export target checked before the first is written: each may be written, and
    existing schema files are replaced only with --force."""
    from digictl.errors import UsageError
    from digictl.fsutil import check_target
    from digictl.i18n import ngettext

    existing = [path.name for path in targets if check_target(path, force=True) is not None]
    if existing and not force:
        raise UsageError(
            ngettext(
                "{folder} already holds {n} of the {count} schema files: add --force to "
                "refresh them (digictl schema --export {folder} --force)",
                "{folder} already holds {n} of the {count} schema files: add --force to "
                "refresh them (digictl schema --export {folder} --force)",
                len(existing),
                folder=export,
                count=len(targets),
            )
        )


def _export_directory(export: Path) -> None:
    """Make the --export directory (and its parents) unless it exists; it must be one."""
    from digictl.errors import DigictlError, UsageError

    if export.is_dir():
        return
    if os.path.lexists(export):
        raise UsageError(_("--export {path} exists and is not a directory", path=export))
    try:
        export.mkdir(parents=True)
    except OSError as exc:
        raise DigictlError(
            _(
                "cannot create the directory {path}: {reason}",
                path=export,
                reason=exc.strerror or exc,
            )
        ) from exc
