"""A small client of the two forges CI runs on: GitHub (REST API) and GitLab (API v4).

It does what ``digictl ci`` needs and nothing more: list, create and update the comments of
a pull (merge) request and the issues of a repository, close an issue. Built on
``urllib.request`` with a timeout on every request; lists are read page by page (GitHub's
``Link`` header, GitLab's ``X-Next-Page``); a text longer than the forge accepts is cut with
a note. Every failure is one sentence (a DigictlError, exit 2) that never holds the token.

Which comment or issue is digictl's is decided by pure functions (``is_ours``, ``find_ours``,
``tracking_action``), tested without a network.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, Literal, Protocol

from digictl.errors import DigictlError
from digictl.i18n import _, ngettext

TIMEOUT = 30  # seconds for one request
MAX_PAGES = 50  # of 100 items each: far more comments or open issues than a repository has
GITHUB_LIMIT = 65_536  # characters of a comment or issue body
GITLAB_LIMIT = 1_000_000  # characters of a note or an issue description
GITHUB_BOT = "github-actions[bot]"  # who writes with a workflow's GITHUB_TOKEN

Action = Literal["open", "update", "close", "nothing"]


@dataclass(frozen=True)
class Note:
    """A comment of a pull request (GitHub) or a note of a merge request (GitLab)."""

    id: int
    body: str
    author: str  # the login (GitHub) or username (GitLab)
    bot: bool  # GitHub: the author's type is "Bot"; GitLab: always False


@dataclass(frozen=True)
class Issue:
    number: int  # GitHub's number, GitLab's iid
    title: str
    body: str
    author: str
    bot: bool


@dataclass(frozen=True)
class Author:
    """Whose comments are ours: GitHub's Actions bot, or GitLab's token user."""

    login: str
    bot: bool


def marker_of(text: str) -> str:
    """The marker of a comment: its first line, which must be an HTML comment."""
    first = text.split("\n", 1)[0].strip()
    if not re.fullmatch(r"<!-- [a-z0-9-]+ -->", first):
        raise DigictlError(
            _(
                "the comment must start with a marker line such as <!-- digictl-diff --> "
                "(write it with digictl diff --format md)"
            )
        )
    return first


def is_ours(body: str, author: str, bot: bool, marker: str, me: Author) -> bool:
    """Whether a comment or issue is the one digictl keeps: written by ``me`` AND starting
    with ``marker``. Anyone can copy the marker; only the token's own user counts."""
    return author == me.login and bot == me.bot and body.startswith(marker)


def find_ours(items: Sequence[Note], marker: str, me: Author) -> Note | None:
    """The first of ``items`` that is ours, or None."""
    return next((n for n in items if is_ours(n.body, n.author, n.bot, marker, me)), None)


def find_our_issue(items: Sequence[Issue], marker: str, me: Author) -> Issue | None:
    return next((i for i in items if is_ours(i.body, i.author, i.bot, marker, me)), None)


def tracking_action(due: bool, open_issue: Issue | None) -> Action:
    """What to do with the tracking issue: open one when something is due and none is
    open, update the open one while something is due, close it when nothing is."""
    if due:
        return "update" if open_issue else "open"
    return "close" if open_issue else "nothing"


def fit(body: str, limit: int) -> str:
    """``body`` when it has at most ``limit`` characters, else cut at a line with a note."""
    if len(body) <= limit:
        return body
    said = _(
        "… cut here: the text has {size} characters and the forge takes {limit}. "
        "Run the same digictl command locally for everything.",
        size=len(body),
        limit=limit,
    )
    note = f"\n\n{said}\n"
    cut = body[: max(limit - len(note), 0)]
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    return cut + note


def next_link(link: str | None) -> str | None:
    """The ``rel="next"`` URL of a GitHub ``Link`` header, or None."""
    for part in (link or "").split(","):
        m = re.fullmatch(r'\s*<([^>]+)>\s*;\s*rel="next"\s*', part)
        if m:
            return m.group(1)
    return None


def with_page(url: str, page: str) -> str:
    """``url`` with its ``page`` query parameter set to ``page`` (GitLab's X-Next-Page)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", page))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class Http:
    """JSON over HTTPS with fixed headers; errors as one sentence without the token."""

    def __init__(self, forge: str, headers: Mapping[str, str], secret: str) -> None:
        self.forge = forge
        self.headers = dict(headers)
        self.secret = secret

    def _say(self, text: str) -> str:
        return text.replace(self.secret, "***") if self.secret else text

    def call(self, method: str, url: str, body: object = None) -> tuple[Any, Message]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {**self.headers, "Accept": self.headers.get("Accept", "application/json")}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                raw = response.read()
                return (json.loads(raw) if raw.strip() else None), response.headers
        except urllib.error.HTTPError as exc:
            raise DigictlError(self._say(self._http_error(method, url, exc))) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DigictlError(
                self._say(
                    _(
                        "{forge} could not be reached at {url}: {reason}",
                        forge=self.forge,
                        url=_where(url),
                        reason=reason,
                    )
                )
            ) from None
        except ValueError:
            raise DigictlError(
                self._say(
                    _(
                        "{forge} answered {method} {url} with no JSON",
                        forge=self.forge,
                        method=method,
                        url=_where(url),
                    )
                )
            ) from None

    def _http_error(self, method: str, url: str, exc: urllib.error.HTTPError) -> str:
        detail = ""
        try:
            doc = json.loads(exc.read() or b"{}")
            message = doc.get("message") if isinstance(doc, dict) else None
            detail = f" ({str(message)[:200]})" if message else ""
        except (ValueError, OSError):
            pass
        values = {
            "forge": self.forge,
            "method": method,
            "url": _where(url),
            "code": exc.code,
            "detail": detail,
        }
        if exc.code in (401, 403):
            return _(
                "{forge} refused {method} {url}: HTTP {code}{detail}; the token is missing, "
                "expired or may not write here (a pull request from a fork gets a read-only "
                "token)",
                **values,
            )
        return _("{forge} refused {method} {url}: HTTP {code}{detail}", **values)

    def pages(self, url: str, next_of: Callable[[str, Message], str | None]) -> Iterator[Any]:
        """Every item of a paginated list."""
        for _page in range(MAX_PAGES):
            items, headers = self.call("GET", url)
            if not isinstance(items, list):
                raise DigictlError(
                    _("{forge} answered GET {url} with no list", forge=self.forge, url=_where(url))
                )
            yield from items
            following = next_of(url, headers)
            if following is None:
                return
            url = following
        raise DigictlError(
            _(
                "{forge} listed more than {pages} pages at {url}",
                forge=self.forge,
                pages=MAX_PAGES,
                url=_where(url),
            )
        )


def _where(url: str) -> str:
    """A URL without its query, as an error names it."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(query="", fragment=""))


class Forge(Protocol):
    name: str
    limit: int

    def me(self) -> Author: ...
    def comments(self) -> list[Note]: ...
    def create_comment(self, body: str) -> None: ...
    def update_comment(self, note: Note, body: str) -> None: ...
    def issues(self) -> list[Issue]: ...
    def open_issue(self, title: str, body: str) -> Issue: ...
    def update_issue(self, issue: Issue, body: str) -> None: ...
    def close_issue(self, issue: Issue, comment: str) -> None: ...


def _need(env: Mapping[str, str], *names: str) -> list[str]:
    missing = [n for n in names if not env.get(n)]
    if missing:
        raise DigictlError(
            ngettext(
                "digictl ci needs the environment variable {names}",
                "digictl ci needs the environment variables {names}",
                len(missing),
                names=", ".join(missing),
            )
        )
    return [env[n] for n in names]


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


class GitHub:
    name = "GitHub"
    limit = GITHUB_LIMIT

    def __init__(self, api: str, repository: str, token: str, number: int | None = None) -> None:
        self.base = f"{api.rstrip('/')}/repos/{repository}"
        self.number = number
        self.http = Http(
            "GitHub",
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "digictl",
            },
            token,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str], pull_request: bool) -> GitHub:
        api = env.get("GITHUB_API_URL") or "https://api.github.com"
        repository, token = _need(env, "GITHUB_REPOSITORY", "GITHUB_TOKEN")
        number = None
        if pull_request:
            [event_path] = _need(env, "GITHUB_EVENT_PATH")
            number = pull_request_number(event_path)
        return cls(api, repository, token, number)

    def me(self) -> Author:
        return Author(GITHUB_BOT, True)

    def _next(self, url: str, headers: Message) -> str | None:
        return next_link(headers.get("Link"))

    def _pr(self) -> int:
        if self.number is None:
            raise DigictlError(_("digictl ci comment runs on a pull request only"))
        return self.number

    def comments(self) -> list[Note]:
        url = f"{self.base}/issues/{self._pr()}/comments?per_page=100"
        return [_github_note(c) for c in self.http.pages(url, self._next)]

    def create_comment(self, body: str) -> None:
        self.http.call("POST", f"{self.base}/issues/{self._pr()}/comments", {"body": body})

    def update_comment(self, note: Note, body: str) -> None:
        self.http.call("PATCH", f"{self.base}/issues/comments/{note.id}", {"body": body})

    def issues(self) -> list[Issue]:
        url = f"{self.base}/issues?state=open&per_page=100"
        items = self.http.pages(url, self._next)
        return [_github_issue(i) for i in items if "pull_request" not in i]

    def open_issue(self, title: str, body: str) -> Issue:
        doc = self.http.call("POST", f"{self.base}/issues", {"title": title, "body": body})[0]
        return _github_issue(doc)

    def update_issue(self, issue: Issue, body: str) -> None:
        self.http.call("PATCH", f"{self.base}/issues/{issue.number}", {"body": body})

    def close_issue(self, issue: Issue, comment: str) -> None:
        self.http.call("POST", f"{self.base}/issues/{issue.number}/comments", {"body": comment})
        url = f"{self.base}/issues/{issue.number}"
        self.http.call("PATCH", url, {"state": "closed", "state_reason": "completed"})


def _github_note(doc: Any) -> Note:
    user = doc.get("user") or {}
    return Note(
        int(doc["id"]), _str(doc.get("body")), _str(user.get("login")), user.get("type") == "Bot"
    )


def _github_issue(doc: Any) -> Issue:
    user = doc.get("user") or {}
    return Issue(
        int(doc["number"]),
        _str(doc.get("title")),
        _str(doc.get("body")),
        _str(user.get("login")),
        user.get("type") == "Bot",
    )


def pull_request_number(event_path: str) -> int:
    """The pull request's number from the event payload GitHub writes for the workflow."""
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DigictlError(
            _(
                "the GitHub event payload {path} cannot be read: {reason}",
                path=event_path,
                reason=exc,
            )
        ) from None
    number = (event.get("pull_request") or {}).get("number") if isinstance(event, dict) else None
    if not isinstance(number, int) or isinstance(number, bool):
        raise DigictlError(
            _("digictl ci comment runs on pull requests only: the event has no pull request number")
        )
    return number


class GitLab:
    name = "GitLab"
    limit = GITLAB_LIMIT

    def __init__(self, api: str, project: str, token: str, iid: int | None = None) -> None:
        self.api = api.rstrip("/")
        self.base = f"{self.api}/projects/{urllib.parse.quote(project, safe='')}"
        self.iid = iid
        self.http = Http("GitLab", {"PRIVATE-TOKEN": token, "User-Agent": "digictl"}, token)
        self._me: Author | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str], merge_request: bool) -> GitLab:
        api, project = _need(env, "CI_API_V4_URL", "CI_PROJECT_ID")
        if not env.get("DIGICTL_GITLAB_TOKEN"):
            raise DigictlError(
                _(
                    "digictl ci needs DIGICTL_GITLAB_TOKEN: a project access token with the api "
                    "scope and the Reporter role, stored as a masked, protected CI/CD variable"
                )
            )
        iid = None
        if merge_request:
            [raw] = _need(env, "CI_MERGE_REQUEST_IID")
            if not raw.isdigit():
                raise DigictlError(_("CI_MERGE_REQUEST_IID {value!r} is not a number", value=raw))
            iid = int(raw)
        return cls(api, project, env["DIGICTL_GITLAB_TOKEN"], iid)

    def _next(self, url: str, headers: Message) -> str | None:
        page = (headers.get("X-Next-Page") or "").strip()
        return with_page(url, page) if page.isdigit() else None

    def me(self) -> Author:
        if self._me is None:
            doc = self.http.call("GET", f"{self.api}/user")[0]
            self._me = Author(_str((doc or {}).get("username")), False)
        return self._me

    def _mr(self) -> str:
        if self.iid is None:
            raise DigictlError(_("digictl ci comment runs in a merge request pipeline only"))
        return f"{self.base}/merge_requests/{self.iid}/notes"

    def comments(self) -> list[Note]:
        items = self.http.pages(f"{self._mr()}?per_page=100", self._next)
        return [_gitlab_note(n) for n in items if not n.get("system")]

    def create_comment(self, body: str) -> None:
        self.http.call("POST", self._mr(), {"body": body})

    def update_comment(self, note: Note, body: str) -> None:
        self.http.call("PUT", f"{self._mr()}/{note.id}", {"body": body})

    def issues(self) -> list[Issue]:
        url = f"{self.base}/issues?state=opened&per_page=100"
        return [_gitlab_issue(i) for i in self.http.pages(url, self._next)]

    def open_issue(self, title: str, body: str) -> Issue:
        doc = self.http.call("POST", f"{self.base}/issues", {"title": title, "description": body})
        return _gitlab_issue(doc[0])

    def update_issue(self, issue: Issue, body: str) -> None:
        self.http.call("PUT", f"{self.base}/issues/{issue.number}", {"description": body})

    def close_issue(self, issue: Issue, comment: str) -> None:
        url = f"{self.base}/issues/{issue.number}"
        self.http.call("POST", f"{url}/notes", {"body": comment})
        self.http.call("PUT", url, {"state_event": "close"})


def _gitlab_note(doc: Any) -> Note:
    author = doc.get("author") or {}
    return Note(int(doc["id"]), _str(doc.get("body")), _str(author.get("username")), False)


def _gitlab_issue(doc: Any) -> Issue:
    author = doc.get("author") or {}
    return Issue(
        int(doc["iid"]),
        _str(doc.get("title")),
        _str(doc.get("description")),
        _str(author.get("username")),
        False,
    )


def from_env(env: Mapping[str, str], pull_request: bool) -> GitHub | GitLab:
    """The forge this CI job runs on, from its environment."""
    if env.get("GITHUB_ACTIONS") == "true":
        return GitHub.from_env(env, pull_request)
    if env.get("GITLAB_CI") == "true":
        return GitLab.from_env(env, pull_request)
    raise DigictlError(
        _(
            "digictl ci runs in GitHub Actions (GITHUB_ACTIONS=true) or GitLab CI "
            "(GITLAB_CI=true); neither is set"
        )
    )


def post(forge: Forge, body: str) -> Note | None:
    """Create or update the one comment whose marker ``body`` starts with; the comment
    updated, or None when one was created."""
    marker = marker_of(body)
    body = fit(body, forge.limit)
    old = find_ours(forge.comments(), marker, forge.me())
    if old is None:
        forge.create_comment(body)
        return None
    forge.update_comment(old, body)
    return old


def post_comment(forge: Forge, body: str) -> str:
    """``post``, saying which it did: ``created`` or ``updated (<id>)`` (not translated)."""
    old = post(forge, body)
    return "created" if old is None else f"updated ({old.id})"
