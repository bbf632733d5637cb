"""The forge client (digictl.forge): pure choices without a network, HTTP against a local stub
of the GitHub and GitLab APIs (``StubForge``, also used by tests/cli/test_workflows.py)."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digictl import forge
from digictl.errors import DigictlError
from digictl.forge import Author, Issue, Note

TOKEN = "ghs_s3cr3t-token-value"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
GITLAB_USER = {"id": 7, "username": "project_7_bot_digictl"}
MARKER = "<!-- digictl-diff -->"


class StubForge:
    """GitHub's REST API at ``/`` and GitLab's API v4 at ``/api/v4``, kept in memory.

    Only requests with the right token are answered; lists come ``page_size`` at a time."""

    def __init__(self, token: str = TOKEN, page_size: int = 100) -> None:
        self.token = token
        self.page_size = page_size
        self.comments: dict[int, list[dict[str, Any]]] = {}  # GitHub, by issue or PR number
        self.issues: list[dict[str, Any]] = []  # GitHub
        self.notes: dict[int, list[dict[str, Any]]] = {}  # GitLab, by MR iid
        self.gl_issues: list[dict[str, Any]] = []  # GitLab
        self.gl_issue_notes: dict[int, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str]] = []
        self._next_id = 1000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                status, doc, headers = stub.answer(self.command, self.path, self.headers, body)
                raw = json.dumps(doc).encode("utf-8")
                self.send_response(status)
                for key, value in {**headers, "Content-Type": "application/json"}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PATCH = do_PUT = _serve

        return Handler

    def answer(
        self, method: str, target: str, headers: Message, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        parts = urllib.parse.urlsplit(target)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.requests.append((method, parts.path))
        gitlab = parts.path.startswith("/api/v4/")
        if gitlab and headers.get("PRIVATE-TOKEN") != self.token:
            return 401, {"message": "401 Unauthorized"}, {}
        if not gitlab and headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "Bad credentials"}, {}
        route = self._gitlab if gitlab else self._github
        found = route(method, parts.path, body)
        if found is None:
            return 404, {"message": "Not Found"}, {}
        if isinstance(found, list):
            return self._page(found, target, query, gitlab)
        return (201 if method == "POST" else 200), found, {}

    def _page(
        self, items: list[Any], target: str, query: dict[str, str], gitlab: bool
    ) -> tuple[int, Any, dict[str, str]]:
        size = min(int(query.get("per_page", "30")), self.page_size)
        page = int(query.get("page", "1"))
        chunk = items[(page - 1) * size : page * size]
        if page * size >= len(items):
            return 200, chunk, {}
        if gitlab:
            return 200, chunk, {"X-Next-Page": str(page + 1)}
        following = forge.with_page(self.url + target, str(page + 1))
        return 200, chunk, {"Link": f'<{following}>; rel="next", <{self.url}/x>; rel="last"'}

    def _github(self, method: str, path: str, body: Any) -> Any:
        repo = r"/repos/[\w.-]+/[\w.-]+/issues"
        if m := re.fullmatch(rf"{repo}/(?:(\d+)/comments|comments/(\d+))", path):
            return self._github_comments(method, m.group(1), m.group(2), body)
        if re.fullmatch(repo, path):
            if method == "GET":
                return [i for i in self.issues if i["state"] == "open"]
            self.issues.append({"number": self.new_id(), "state": "open", "user": BOT, **body})
            return self.issues[-1]
        if (m := re.fullmatch(rf"{repo}/(\d+)", path)) and method == "PATCH":
            return _update([i for i in self.issues if i["number"] == int(m.group(1))], body)
        return None

    def _github_comments(
        self, method: str, number: str | None, comment: str | None, body: Any
    ) -> Any:
        if comment is not None:
            every = [c for t in self.comments.values() for c in t]
            return _update([c for c in every if c["id"] == int(comment)], body)
        thread = self.comments.setdefault(int(number or 0), [])
        if method == "GET":
            return thread
        thread.append({"id": self.new_id(), "body": body["body"], "user": BOT})
        return thread[-1]

    def _gitlab(self, method: str, path: str, body: Any) -> Any:
        if path == "/api/v4/user":
            return GITLAB_USER
        if m := re.fullmatch(r"/api/v4/projects/[^/]+/merge_requests/(\d+)/notes(?:/(\d+))?", path):
            thread = self.notes.setdefault(int(m.group(1)), [])
            if m.group(2) and method == "PUT":
                return _update([n for n in thread if n["id"] == int(m.group(2))], body)
            if method == "GET":
                return thread
            thread.append({"id": self.new_id(), "body": body["body"], "author": GITLAB_USER})
            return thread[-1]
        if m := re.fullmatch(r"/api/v4/projects/[^/]+/issues(?:/(\d+)(/notes)?)?", path):
            return self._gitlab_issues(method, m.group(1), bool(m.group(2)), body)
        return None

    def _gitlab_issues(self, method: str, iid: str | None, notes: bool, body: Any) -> Any:
        if iid is None:
            if method == "GET":
                return [i for i in self.gl_issues if i["state"] == "opened"]
            issue = {"iid": self.new_id(), "state": "opened", "author": GITLAB_USER, **body}
            self.gl_issues.append(issue)
            return issue
        if notes:
            self.gl_issue_notes.setdefault(int(iid), []).append(body)
            return body
        found = [i for i in self.gl_issues if i["iid"] == int(iid)]
        if method != "PUT":
            return None
        if body.pop("state_event", None) == "close":
            body["state"] = "closed"
        return _update(found, body)


def _update(found: list[dict[str, Any]], body: Any) -> Any:
    """The one item found, updated with ``body``; None (404) when there is none."""
    if not found:
        return None
    found[0].update(body)
    return found[0]


@pytest.fixture
def stub() -> Iterator[StubForge]:
    s = StubForge(page_size=2)
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def github(stub: StubForge, number: int | None = 5, token: str = TOKEN) -> forge.GitHub:
    return forge.GitHub(stub.url, "digi/data", token, number)


def gitlab(stub: StubForge, iid: int | None = 3) -> forge.GitLab:
    return forge.GitLab(stub.url + "/api/v4", "digi/data", TOKEN, iid)


# pure choices


ME = Author("github-actions[bot]", True)


def test_ours_needs_both_the_author_and_the_marker() -> None:
    body = MARKER + "\nbody"
    assert forge.is_ours(body, "github-actions[bot]", True, MARKER, ME)
    assert not forge.is_ours(body, "github-actions[bot]", False, MARKER, ME)  # a user so named
    assert not forge.is_ours(body, "mallory", True, MARKER, ME)
    assert not forge.is_ours("quoted: " + body, "github-actions[bot]", True, MARKER, ME)


def test_find_ours_skips_a_copied_marker() -> None:
    notes = [
        Note(1, MARKER + "\nfake", "mallory", False),
        Note(2, "<!-- other -->\n", "github-actions[bot]", True),
        Note(3, MARKER + "\nreal", "github-actions[bot]", True),
    ]
    found = forge.find_ours(notes, MARKER, ME)
    assert found is not None and found.id == 3
    assert forge.find_ours(notes[:2], MARKER, ME) is None


@pytest.mark.parametrize(
    ("due", "open_", "action"),
    [
        (True, False, "open"),
        (True, True, "update"),
        (False, True, "close"),
        (False, False, "nothing"),
    ],
)
def test_tracking_action(due: bool, open_: bool, action: str) -> None:
    issue = Issue(4, "t", "b", "x", False) if open_ else None
    assert forge.tracking_action(due, issue) == action


def test_marker_is_the_first_line_and_must_be_one() -> None:
    assert forge.marker_of(MARKER + "\n✅ fine\n") == MARKER
    for text in ("", "no marker\n", "<!-- two words -->\n", "<script>\n"):
        with pytest.raises(DigictlError, match="marker"):
            forge.marker_of(text)


@given(st.text(alphabet="ab\n€", max_size=400), st.integers(min_value=150, max_value=500))
def test_fit_never_exceeds_the_limit_and_keeps_a_short_body(body: str, limit: int) -> None:
    out = forge.fit(body, limit)
    assert len(out) <= limit
    assert (out == body) == (len(body) <= limit)
    if out != body:
        assert "cut here" in out and body.startswith(out[: out.index("\n\n… cut here")])


def test_next_link_and_page() -> None:
    link = '<https://x/a?page=2&per_page=100>; rel="next", <https://x/a?page=9>; rel="last"'
    assert forge.next_link(link) == "https://x/a?page=2&per_page=100"
    assert forge.next_link('<https://x/a?page=9>; rel="last"') is None
    assert forge.next_link(None) is None
    assert forge.with_page("https://x/a?per_page=100&page=1", "2") == (
        "https://x/a?per_page=100&page=2"
    )


def test_pull_request_number_from_the_event(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 12}}), encoding="utf-8")
    assert forge.pull_request_number(str(event)) == 12
    event.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    with pytest.raises(DigictlError, match="pull requests only"):
        forge.pull_request_number(str(event))


def test_from_env_names_what_is_missing() -> None:
    with pytest.raises(DigictlError, match="neither is set"):
        forge.from_env({}, pull_request=True)
    with pytest.raises(DigictlError, match="GITHUB_REPOSITORY, GITHUB_TOKEN"):
        forge.from_env({"GITHUB_ACTIONS": "true"}, pull_request=False)
    env = {"GITLAB_CI": "true", "CI_API_V4_URL": "http://x/api/v4", "CI_PROJECT_ID": "1"}
    with pytest.raises(DigictlError, match="project access token with the api scope"):
        forge.from_env(env, pull_request=False)


# HTTP against the stub


def test_github_comment_is_created_then_updated_across_pages(stub: StubForge) -> None:
    # five comments by others (three pages of two), one with a copied marker
    stub.comments[5] = [
        {
            "id": i,
            "body": MARKER + "\nfake" if i == 2 else "hi",
            "user": {"login": "u", "type": "User"},
        }
        for i in range(1, 6)
    ]
    gh = github(stub)
    assert forge.post_comment(gh, MARKER + "\nfirst\n") == "created"
    ours = stub.comments[5][-1]
    assert forge.post_comment(gh, MARKER + "\nsecond\n") == f"updated ({ours['id']})"
    assert [c["body"] for c in stub.comments[5]].count(MARKER + "\nsecond\n") == 1
    assert len(stub.comments[5]) == 6
    assert stub.comments[5][1]["body"] == MARKER + "\nfake"  # someone else's: untouched
    pages = [r for r in stub.requests if r == ("GET", "/repos/digi/data/issues/5/comments")]
    assert len(pages) == 6  # three pages, twice


def test_github_body_over_the_limit_is_cut(stub: StubForge) -> None:
    body = MARKER + "\n" + "- a line of the comment\n" * 4000
    forge.post_comment(github(stub), body)
    posted = stub.comments[5][0]["body"]
    assert len(posted) <= forge.GITHUB_LIMIT < len(body)
    assert posted.startswith(MARKER) and "cut here" in posted


def test_github_errors_are_one_sentence_without_the_token(stub: StubForge) -> None:
    with pytest.raises(DigictlError) as caught:
        forge.post_comment(github(stub, token=TOKEN + "-wrong"), MARKER + "\nx\n")
    message = str(caught.value)
    assert "HTTP 401" in message and "Bad credentials" in message and "read-only token" in message
    assert TOKEN not in message and "\n" not in message


def test_unreachable_forge_is_one_sentence() -> None:
    gh = forge.GitHub("http://127.0.0.1:9", "digi/data", TOKEN, 5)  # discard port: refused
    with pytest.raises(DigictlError, match="could not be reached") as caught:
        gh.comments()
    assert TOKEN not in str(caught.value)


def test_github_issues_skip_pull_requests_and_close(stub: StubForge) -> None:
    stub.issues.append({"number": 1, "state": "open", "user": BOT, "pull_request": {}, "body": ""})
    gh = github(stub, None)
    opened = gh.open_issue("t", "<!-- digictl-deadlines -->\nb")
    assert [i.number for i in gh.issues()] == [opened.number]
    gh.close_issue(opened, "closed by digictl")
    assert gh.issues() == []
    assert stub.comments[opened.number][0]["body"] == "closed by digictl"


def test_gitlab_note_is_ours_by_the_token_user(stub: StubForge) -> None:
    other = {"username": "mallory"}
    stub.notes[3] = [{"id": i, "body": MARKER + "\nfake", "author": other} for i in range(1, 4)]
    gl = gitlab(stub)
    assert gl.me() == Author("project_7_bot_digictl", False)
    assert forge.post_comment(gl, MARKER + "\none\n") == "created"
    assert forge.post_comment(gl, MARKER + "\ntwo\n").startswith("updated")
    assert [n["body"] for n in stub.notes[3]] == [MARKER + "\nfake"] * 3 + [MARKER + "\ntwo\n"]


def test_gitlab_issue_open_update_close(stub: StubForge) -> None:
    gl = gitlab(stub, None)
    issue = gl.open_issue("t", "<!-- digictl-deadlines -->\none")
    gl.update_issue(issue, "<!-- digictl-deadlines -->\ntwo")
    [listed] = gl.issues()
    assert listed.body.endswith("two") and listed.author == "project_7_bot_digictl"
    gl.close_issue(listed, "done")
    assert gl.issues() == [] and stub.gl_issue_notes[issue.number] == [{"body": "done"}]


def test_gitlab_without_a_merge_request_cannot_comment(stub: StubForge) -> None:
    with pytest.raises(DigictlError, match="merge request pipeline"):
        forge.post_comment(gitlab(stub, None), MARKER + "\nx\n")
