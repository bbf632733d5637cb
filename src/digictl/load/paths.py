"""Paths of a data directory: how a name is shown, links on the way to it, what is refused.

Small on purpose: git's module reads these without importing the loader.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from digictl.errors import InputError
from digictl.i18n import N_, _

MAX_BYTES = 8 * 1024 * 1024  # the largest file digictl reads

# Why an entry is not read, in English: translate with ``_(LINK)`` where it is shown (the
# language is chosen after import). ``Refused`` messages are translated where they are made.
LINK = N_(
    "this is a symbolic link; digictl does not follow links in the data directory "
    "(replace the link with the file or folder itself)"
)
SUBMODULE = N_(
    "this is a git submodule (a folder with a .git of its own); digictl does not read "
    "submodules in the data directory (put the files themselves in the repository)"
)


@dataclass(frozen=True)
class Refused:
    """An entry of the data directory that is not read: a link, a special file, a folder.

    ``rel`` is as the source lists it (it may hold undecodable bytes); ``message``
    says what it is and what to do, in the language of the run (``LINK`` and ``SUBMODULE``
    may come untranslated: the data set translates them when it reports the entry).
    """

    rel: str
    message: str


def shown_name(name: str) -> str:
    """A path as it can be printed anywhere: bytes that are not UTF-8 and control
    characters written as escapes (``people/\\xff.yaml``)."""
    if name.isprintable():  # no control, surrogate or separator character: nothing to show
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by os.fsdecode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def link_inside_work_tree(path: Path) -> Path | None:
    """The first symbolic link on the way to ``path`` that lies inside a git work tree, or None.

    The path is followed one component at a time, as the kernel would. A link met after
    the nearest directory holding a ``.git`` entry is tracked content a pull request can
    commit (``gov -> /somewhere/else`` makes ``--data gov/data`` read outside the
    repository), so it is returned; links above the work tree (``/tmp/link -> repo``, a
    home directory that is itself a repository of dotfiles) are the user's and followed.
    Components that do not exist end the walk.
    """
    here = Path(os.path.abspath(os.sep)) if path.is_absolute() else Path.cwd().resolve()
    found: Path | None = None  # a link passed since the last directory holding .git
    for part in path.parts[1:] if path.is_absolute() else path.parts:
        if os.path.lexists(here / ".git"):
            found = None
        if part in ("", "."):
            continue
        if part == "..":
            here = here.parent  # ``here`` is real, so this is the kernel's ``..``
            continue
        step = here / part
        if not os.path.lexists(step):
            break
        if step.is_symlink():
            if any(os.path.lexists(d / ".git") for d in (here, *here.parents)):
                found = found or step  # a link in a work tree: tracked content may be one
            try:
                here = step.resolve()
            except (OSError, RuntimeError):  # a loop of links: nothing is found there
                break
        else:
            here = step
    else:  # the whole way walked: the data directory may be a work tree's top itself
        if os.path.lexists(here / ".git"):
            found = None
    return found


def check_no_link(data_dir: Path) -> None:
    """An input error when the way to the data directory passes a link inside a work tree."""
    link = link_inside_work_tree(data_dir)
    if link is not None:
        raise InputError(
            _(
                "{path!r} on the way to the data directory is a symbolic link "
                "inside the repository; digictl does not follow links to data (pass --data with "
                "the folder it points to)",
                path=shown_name(str(link)),
            )
        )
