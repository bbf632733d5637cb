"""`person add`: a person who holds a seat or leads a project (people/<id>.yaml)."""

from __future__ import annotations

from digictl.author import yamldoc
from digictl.author.common import ident, path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _


def add_person(
    ws: Workspace,
    person: str,
    name: str,
    org: str,
    title: str | None = None,
    email: str | None = None,
) -> None:
    """Create people/<person>.yaml with id, name, org and the optional title and email."""
    ident(person, "ID")
    require(ws, "organisation", org, "--org")
    if email is not None and ("@" not in email or " " in email.strip()):
        raise UsageError(_("--email {value!r} is not an e-mail address", value=email))
    doc = yamldoc.new_map(
        "person",
        {
            "id": person,
            "name": yamldoc.text(name, "--name"),
            "org": org,
            "title": None if title is None else yamldoc.text(title, "--title"),
            "email": None if email is None else yamldoc.text(email, "--email"),
        },
    )
    ws.create(path_of("person", person), doc)
