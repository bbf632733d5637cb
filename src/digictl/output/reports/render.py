"""Render a built report with Jinja2: Markdown, or one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from digictl import resources
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.output.escape import html_text, md
from digictl.output.reports.document import Report
from digictl.output.reports.i18n import Translator
from digictl.output.reports.svg import geometry

FORMATS = ("md", "html")


def environment(user_templates: Path | None = None) -> Any:
    """Jinja2 with autoescape for HTML, StrictUndefined, and user templates taking precedence."""
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
        select_autoescape,
    )

    loaders = []
    if user_templates is not None:
        if not user_templates.is_dir():
            raise UsageError(f"--templates {str(user_templates)!r} is not a directory")
        loaders.append(FileSystemLoader(str(user_templates)))
    loaders.append(FileSystemLoader(str(resources.templates().joinpath("reports"))))
    # the meeting documents (notice, minutes), rendered through the same finalize
    loaders.append(FileSystemLoader(str(resources.templates().joinpath("meetings"))))
    env = Environment(
        loader=ChoiceLoader(loaders),
        finalize=_finalize,
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["mdcell"] = lambda v: MdText(md(v))  # kept for user templates: finalize escapes
    return env


class MdText(str):
    """Markdown that is already escaped: finalize passes it through unchanged."""


@pass_eval_context
def _finalize(ctx: EvalContext, value: object) -> object:
    """Where every ``{{ }}`` enters a report: HTML and SVG templates (autoescaped) get hidden
    characters made visible, then Jinja escapes; Markdown templates get digictl.output.escape.md.
    ``|safe`` (Markup) and ``|mdcell`` (MdText) output is the template author's, left as is."""
    if isinstance(value, Markup | MdText):
        return value
    if ctx.autoescape:
        return html_text(value)
    return md(value)


def render(report: Report, fmt: str, user_templates: Path | None = None) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"reports are written as md or html, not {fmt!r}")
    return render_template(
        [f"{report.kind}.{fmt}", f"report.{fmt}"],
        report.kind,
        fmt,
        user_templates,
        report=report,
        t=Translator(report.lang),
        svg=geometry(report.timeline) if report.timeline else None,
    )


def render_template(
    names: list[str], kind: str, fmt: str, user_templates: Path | None, **context: Any
) -> str:
    """The first template of ``names`` (a user template of that name first) rendered with
    ``context``; a template that is missing or does not parse is a UsageError naming it.
    Reports and meeting documents render through here."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    env = environment(user_templates)
    try:
        return str(env.get_or_select_template(names).render(**context))
    except TemplateNotFound as exc:
        raise UsageError(
            _("no template for the {kind} as {format}: {name}", kind=kind, format=fmt, name=exc)
        ) from None
    except TemplateSyntaxError as exc:
        raise UsageError(
            _(
                "template {file}:{line}: {problem}",
                file=exc.filename,
                line=exc.lineno,
                problem=exc.message,
            )
        ) from None
