"""A full meeting (notice, time, place, agenda with an exempt item, attachments and a
conflict, attendance with a deputy, decisions by consensus, vote and chair, approved minutes)
written into a copy of the clean base partnership, and one written into a copy of data/ from
the members the facts layer seats on its day."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from tests.conftest import BASE, ROOT

MEETING = "2023-06-05-styringsgruppa"
AS_OF = "2023-06-15"

FULL = """\
body: styringsgruppa
date: 2023-06-05
time: "10:00-14:00"
place: {place}
notice: 2023-05-22
agenda:
  - number: 7/23
    title: {title}
    proposal: {proposal}
    attachments:
      - title: Statusrapport juni 2023
        ref: https://example.org/testland/status-2023-06.pdf
      - title: Saksframlegg
        ref: "2023/1234-5"
  - number: 8/23
    title: Skjønsmidlar til felles arkiv
    proposal: |-
      Styringsgruppa løyver 400 000 kroner av skjønsmidlane til felles arkiv.
      Askøy kommune er prosjekteigar.
    conflicts:
      - person: anders-ask
        grounds: forvaltningslova § 6 første ledd bokstav e
  - number: 9/23
    title: Forhandlingar om ny leverandøravtale
    public: false
    exempt: offentleglova § 23 første ledd
    proposal: Styringsgruppa gjev programleiaren fullmakt til å forhandle om ny avtale.
    attachments:
      - title: Notat om forhandlingsstrategi
        ref: {ref}
  - number: 10/23
    title: Orientering om kompetanseprogrammet
    kind: orientation
  - number: 11/23
    title: Oppfølging av evalueringa
    kind: decision
attendance:
  present: [berit-berg, anders-ask, aud-alver]
  absent:
    - person: bodil-fjord
      reason: sjukdom
  deputies:
    - person: rita-ressurs
      for: bodil-fjord
  observers: [kari-ks]
decisions:
  - id: SG-2023-04
    item: 7/23
    title: Statusrapport for porteføljen
    text: {text}
    outcome: consensus
  - id: SG-2023-05
    item: 8/23
    title: Skjønsmidlar til felles arkiv
    text: |-
      Styringsgruppa løyver 400 000 kroner av skjønsmidlane til felles arkiv.
      Askøy kommune er prosjekteigar.
    outcome: vote
    votes: {{for: 2, against: 1}}
  - id: SG-2023-06
    item: 9/23
    title: Fullmakt til forhandlingar
    text: Programleiaren får fullmakt til å forhandle innanfor ei ramme på 2 millionar kroner.
    outcome: chair
minutes:
  ref: https://example.org/testland/protokoll-2023-06-05.pdf
  approved: 2023-06-12
  by: [berit-berg, aud-alver]
  method: e-mail
"""

PLAIN = {
    "place": "Bergen rådhus, møterom Fløyen",
    "title": "Statusrapport for porteføljen",
    "proposal": "Styringsgruppa tek statusrapporten for juni 2023 til vitande.",
    "text": "Styringsgruppa tek statusrapporten for juni 2023 til vitande.",
    "ref": '"2023/1234-7"',
}

DEPUTY = """\
  - person: rita-ressurs
    seat: regional
    role: deputy
    from: 2023-03-01
"""


def base_with_meeting(tmp_path: Path, **values: str) -> Path:
    """A copy of the base partnership with the full meeting (``values`` replace the plain
    place, title, proposal, decision text and exempt attachment's ref: YAML scalars) and a
    deputy on the steering group."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    text = FULL.format(**{**PLAIN, **values})
    (data / "meetings" / f"{MEETING}.yaml").write_text(text, encoding="utf-8")
    body = data / "bodies" / "styringsgruppa.yaml"
    body.write_text(body.read_text(encoding="utf-8") + DEPUTY, encoding="utf-8")
    return data


# --- data/ ------------------------------------------------------------------------------------

DATA_AS_OF = "2026-11-21"
DATA_DAY = date(2026, 6, 18)  # a day no meeting of data/ is held on


def data_with_meeting(tmp_path: Path) -> tuple[Path, str]:
    """A copy of data/ with a full meeting of its first programme board on DATA_DAY, its
    members read from the facts layer (so it follows the data as it changes)."""
    from digictl.facts import facts_of
    from digictl.load.dataset import DirectorySource, read_dataset
    from digictl.model import build

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    model = build(read_dataset(DirectorySource(data)))
    body = next(
        b for b in sorted(model.bodies.values(), key=lambda b: b.id) if "programme-board" in b.roles
    )
    members = [t.member.person for t in facts_of(model, DATA_DAY).active(body, DATA_DAY)]
    assert len(members) >= 3, members
    meeting_id = f"{DATA_DAY.isoformat()}-{body.id}"
    prefix = re.sub(r"[^A-Z]", "", body.id.upper())[:2] or "XX"
    text = _data_meeting(body.id, members, prefix)
    (data / "meetings" / f"{meeting_id}.yaml").write_text(text, encoding="utf-8")
    return data, meeting_id


def _data_meeting(body: str, members: list[str], prefix: str) -> str:
    first, second, third, *rest = members
    present = ", ".join([first, second, *rest])
    return f"""\
body: {body}
date: {DATA_DAY.isoformat()}
time: "09:00-12:00"
place: Møterom 1
notice: 2026-06-04
agenda:
  - number: 91/26
    title: Testsak med vedtak
    proposal: Styret vedtek forslaget.
    attachments:
      - title: Saksframlegg
        ref: https://example.org/91-26.pdf
    conflicts:
      - person: {second}
        grounds: forvaltningsloven § 6
  - number: 92/26
    title: Unntatt sak
    public: false
    exempt: offentleglova § 14
  - number: 93/26
    title: Orientering
    kind: orientation
attendance:
  present: [{present}]
  absent:
    - person: {third}
      reason: annet møte
decisions:
  - id: {prefix}-2026-91
    item: 91/26
    title: Testvedtak
    text: Styret vedtok forslaget.
    outcome: vote
    votes: {{for: 4, against: 1}}
minutes:
  approved: 2026-06-25
  by: [{first}]
  method: meeting
"""
