"""The kinds of entity in a data repository and where their files live."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # the kind's name in references and findings: project
    folder: str  # the folder below the data directory: projects ("" for network.yaml)
    schema: str  # the schema file: project.schema.json
    id_key: str | None  # the key holding the id, None when derived from the content


NETWORK = Kind("network", "", "network.schema.json", "id")
ORGANISATION = Kind("organisation", "organisations", "organisation.schema.json", "id")
PERSON = Kind("person", "people", "person.schema.json", "id")
AGREEMENT = Kind("agreement", "agreements", "agreement.schema.json", "id")
BODY = Kind("body", "bodies", "body.schema.json", "id")
MEETING = Kind("meeting", "meetings", "meeting.schema.json", None)
PROJECT = Kind("project", "projects", "project.schema.json", "id")
YEAR = Kind("year", "years", "year.schema.json", None)

ALL: tuple[Kind, ...] = (NETWORK, ORGANISATION, PERSON, AGREEMENT, BODY, MEETING, PROJECT, YEAR)
BY_NAME = {k.name: k for k in ALL}
BY_FOLDER = {k.folder: k for k in ALL if k.folder}
