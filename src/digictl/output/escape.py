"""One escaping policy per output format: every data value passes through one of these
functions where it enters an output, and nowhere else.

- Hidden characters (all formats): C0 and C1 controls, DEL, bidi controls, U+2028/U+2029,
  lone surrogates, U+FFFE/U+FFFF and invisible characters (zero-width space, soft hyphen,
  word joiner, byte-order mark, tags) are shown as the escape a YAML author would type:
  ``\\x1b``, ``\\n``, ``\\t``, ``\\r``, ``\\u202e``, ``\\U000e0041``. :func:`visible` does it.
- Terminal (text reporters, tables, status): every hidden character visible, newlines
  included, so a value is always one line; ``::`` and ``##[`` get a zero-width space
  between their characters so that no line (even one wrapped by rich) can start a GitHub
  workflow command; values are rich ``Text``, never markup.
- Markdown (PR comment, md reports, md tables): text renders as itself: ``< > &`` become
  entities; ``\\ ` * _ [ ] | ~ $`` are backslash-escaped; ``@`` is followed by U+200B (no
  mention, no e-mail autolink), and so are ``#`` and ``GH-`` before a digit (no issue
  reference), and the first colon of an emoji code (no icon); ``://`` and ``www.`` are
  escaped (no autolink); newlines
  become spaces; the value is stripped and its first character escaped when it could open
  a block (``# - + =``, ``1.``, ``1)``). :func:`md_code` makes a code span of any text.
- GitHub workflow commands: hidden characters visible except CR/LF; ``% \\r \\n`` (and in
  properties ``: ,``) percent-encoded.
- XML: hidden characters visible, so only characters XML 1.0 allows remain; then escaped by
  ``xml.sax.saxutils``.
- iCalendar: hidden characters visible except newline and tab (icalendar escapes those).
- HTML and SVG: Jinja autoescapes; hidden characters visible except newline and tab.
- Markdown, XML, iCalendar, HTML: ``::`` and ``##[`` get a zero-width space as in terminal
  text, since CI logs print these outputs too and a line of them can start with data.
- JSON: ``json.dumps`` escapes; nothing else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff"
    # invisible characters that let one value pass for another (``ka\u200bri`` shown as
    # ``kari``): zero-width space, soft hyphen, word joiners, fillers, byte-order mark, tags;
    # ZWNJ, ZWJ and variation selectors stay where real text uses them (Persian and Indic
    # text, emoji)
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u2060-\u2064\u206a-\u206f"
    "\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
    # ZWNJ and ZWJ next to a Latin character, a variation selector after a Latin letter:
    # they join nothing there (``ka\u200dri`` shows as ``kari``)
    "|(?<=[\x00-\u024f])[\u200c\u200d]|[\u200c\u200d](?=[\x00-\u024f])"
    "|(?<=[A-Za-z\u00c0-\u024f])[\ufe00-\ufe0f]"
)
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _show(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(value: object, keep: str = "") -> str:
    """``value`` as text with every hidden character (but those in ``keep``) shown as an escape."""
    text = str(value)
    if text.isascii() and text.isprintable():  # nothing hidden can be in it: no search
        return text
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else _show(m.group()), text)


# --- terminal ------------------------------------------------------------------------------------

_ZWSP = "\u200b"
_WORKFLOW = re.compile(r"(?<=:)(?=:)|(?<=#)(?=#\[)")


def _inert(text: str) -> str:
    """``text`` with a zero-width space inside every ``::`` and ``##[``: no workflow command
    starts wherever a line breaks (a newline kept in XML or HTML, an iCalendar fold, a rich
    wrap), for CI logs print Markdown, JUnit, iCalendar and HTML output as well."""
    return _WORKFLOW.sub(_ZWSP, text)


def terminal(value: object) -> str:
    """One line of plain text for a terminal or a CI log (no markup is ever read from it)."""
    return _inert(visible(value))


def terminal_text(value: object, style: str = "") -> Text:
    """:func:`terminal` as a rich ``Text``: printed as is, never parsed as markup."""
    from rich.text import Text

    return Text(terminal(value), style=style)


# --- Markdown ------------------------------------------------------------------------------------

_MD_CHARS = {c: "\\" + c for c in "\\`*_[]|~$"}
_MD_CHARS.update({"<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "@" + _ZWSP})
# GitHub links ``#12``, ``owner/repo#12`` and ``GH-12`` to issues (and notifies them) after
# Markdown is read, so a backslash cannot stop it: a zero-width space after ``#`` or ``GH-`` does
_MD_CHARS.update({"#": "#" + _ZWSP, "-": "-" + _ZWSP})
_MD_INLINE = re.compile(
    r"[\\`*_\[\]|~$<>&@]|(?<=\w):(?=//)|(?i:(?<=\bwww)\.)|#(?=\d)|(?i:(?<=\bgh))-(?=\d)"
)
_MD_FLAT = re.compile(r"[\n\r\t\f\v\u2028\u2029]")
# what opens a block at the start of a line: a heading, a list item, a thematic break or a
# setext underline (``*``, ``>``, ``<``, backticks, ``~`` and ``|`` are escaped everywhere)
_MD_BLOCK_START = re.compile(r"#|[-+=](?=[-+= ]|$)|\d{1,9}(?=[.)](?: |$))")


def _md_sub(m: re.Match[str]) -> str:
    return _MD_CHARS.get(m.group(), "\\" + m.group())


# GitHub shows ``:white_check_mark:`` as an emoji (after Markdown, like references): a
# zero-width space after the first colon keeps data from adding status icons
_MD_EMOJI = re.compile(r":(?=[\w+\\-]+:)")


def _md_inline(text: str) -> str:
    flat = _MD_FLAT.sub(" ", text)
    return _inert(_MD_EMOJI.sub(":" + _ZWSP, _MD_INLINE.sub(_md_sub, visible(flat))))


def _block_safe(text: str) -> str:
    """Escape the first character of inline-escaped text when it could open a block."""
    m = _MD_BLOCK_START.match(text)
    if m is None:
        return text
    if m.group()[0].isdigit():
        return text[: m.end()] + "\\" + text[m.end() :]
    return "\\" + text


def md(value: object) -> str:
    """A data value as Markdown inline text that renders as exactly that text (on one line,
    newlines as spaces), wherever it stands: mid-line, at the start of a line, in a table cell."""
    return _block_safe(_md_inline(str(value)).strip(" "))


def md_code(value: object) -> str:
    """A data value as a Markdown code span (any backticks inside included)."""
    text = visible(_MD_FLAT.sub(" ", str(value)))
    if not text.strip(" "):
        return md(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_marked(text: str) -> str:
    """Text built by digictl in which backticks mark code (change sentences): each code part
    becomes a code span, every other part Markdown text. Safe whatever the data inside put
    there: unbalanced backticks leave the rest as text."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: the last one opens nothing
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    out = ""
    for i, part in enumerate(parts):
        if i % 2:
            out += md_code(part)
        elif out.strip(" "):
            out += _md_inline(part)
        else:  # nothing shown yet: this part starts the line
            out = _block_safe(_md_inline(part).lstrip(" "))
    return out


# --- GitHub workflow commands --------------------------------------------------------------------


def github_data(value: object) -> str:
    """The message of a workflow command (after the final ``::``)."""
    text = visible(value, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: object) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


# --- XML, iCalendar, HTML ------------------------------------------------------------------------


def xml_visible(value: object) -> str:
    """Only characters XML 1.0 allows: the others shown as escapes (tab, newline, CR stay)."""
    return _inert(visible(value, keep="\t\n\r"))


def xml_text(value: object) -> str:
    """Element content: only characters XML allows, ``& < >`` escaped."""
    from xml.sax.saxutils import escape

    return escape(xml_visible(value))


def xml_attr(value: object) -> str:
    """A quoted attribute value (quotes included): only characters XML allows, escaped."""
    from xml.sax.saxutils import quoteattr

    return quoteattr(xml_visible(value))


def ics_text(value: object) -> str:
    """Text for an iCalendar property: icalendar escapes newlines, commas and semicolons."""
    return _inert(visible(str(value).replace("\r\n", "\n"), keep="\n\t"))


def html_text(value: object) -> str:
    """Text for HTML or SVG before Jinja autoescapes it (HTML forbids C0 controls)."""
    return _inert(visible(value, keep="\n\t"))
