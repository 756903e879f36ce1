"""What the MkDocs plugin does to each page's frame that a renderer without it (Zensical)
gets from the tree `clausewise pages --config` writes: "edit this page" opening the file a
contributor edits, and feed autodiscovery links in every page's `<head>`.

The plugin sets these on MkDocs' page objects. Here they travel in the page's front matter
(`clausewise_edit`, `clausewise_feeds`) and the site's `extra.clausewise_feeds`, and two
theme overrides (`main.html`'s `extrahead` block and `partials/actions.html`) print them;
the overrides sit in their own folder, given to the renderer as `theme.custom_dir`, with the
site's own `custom_dir` copied in first. Edit URLs follow MkDocs' rules (`repo_url`,
`edit_uri` with its defaults per host, `edit_uri_template`), so the links are the ones the
plugin gives under MkDocs.
"""

from __future__ import annotations

import json
import os
import posixpath
import string
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

#: The site's `main.html`, when it has one: ours extends it, so its blocks still apply.
SITE_MAIN = "clausewise-site-main.html"

MAIN_HTML = """\
{#- Written by `clausewise pages`: feed autodiscovery, as the clausewise plugin adds it under MkDocs. -#}
{% extends "BASE" %}
{% block extrahead %}{{ super() }}
{%- for feed in (config.extra.clausewise_feeds or []) + ((page.meta.clausewise_feeds or []) if page and page.meta else []) %}
<link rel="alternate" type="application/atom+xml" title="{{ feed.title | e }}" href="{{ feed.href | url | replace('"', '%22') }}">
{%- endfor %}
{% endblock %}
"""

# Material's `partials/actions.html` (MIT licence, as Zensical ships it), reading the edit
# URL from the page's front matter when `clausewise pages` put one there (generated pages),
# and sending the policy's pages to the proposing guide (`extra.clausewise_guide`).
ACTIONS_HTML = """\
{#- Written by `clausewise pages`: Material's page actions, with "edit this page" opening the
    file the page is made from (front matter `clausewise_edit`), as the clausewise plugin does. -#}
{% set cw_edit = page.edit_url %}
{% if page.meta and page.meta.clausewise_edit is defined %}
  {% set cw_edit = (page.meta.clausewise_edit | url) if page.meta.clausewise_edit else none %}
{% elif config.extra.clausewise_guide and page.url in config.extra.clausewise_guide.pages %}
  {% set cw_edit = config.extra.clausewise_guide.url | url %}
{% endif %}
{% if "content.action.copy" in features and page.markdown_url %}
  <button type="button" title="{{ lang.t('action.copy') }}" aria-label="{{ lang.t('action.copy') }}" class="md-content__button md-icon" data-md-copy-url="{{ page.markdown_url | url }}">
    {% set icon = config.theme.icon.copy or "material/content-copy" %}
    {% include ".icons/" ~ icon ~ ".svg" %}
  </button>
{% endif %}
{% if cw_edit %}
  {% if "content.action.edit" in features %}
    <a href="{{ cw_edit | replace('"', '%22') }}" title="{{ lang.t('action.edit') }}" class="md-content__button md-icon" rel="edit">
      {% set icon = config.theme.icon.edit or "material/file-edit-outline" %}
      {% include ".icons/" ~ icon ~ ".svg" %}
    </a>
  {% endif %}
  {% if "content.action.view" in features %}
    {% if "/blob/" in cw_edit %}
      {% set part = "/blob/" %}
    {% else %}
      {% set part = "/edit/" %}
    {% endif %}
    <a href="{{ cw_edit | replace(part, '/raw/') | replace('"', '%22') }}" title="{{ lang.t('action.view') }}" class="md-content__button md-icon">
      {% set icon = config.theme.icon.view or "material/file-eye-outline" %}
      {% include ".icons/" ~ icon ~ ".svg" %}
    </a>
  {% endif %}
{% endif %}
"""


class _Formatter(string.Formatter):
    """`edit_uri_template`'s `{path!q}`: the path URL-quoted, as MkDocs reads it."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "q":
            return quote(value, safe="")
        return super().convert_field(value, conversion)


def edit_settings(data: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(repo_url, edit_uri, edit_uri_template) as MkDocs reads them from mkdocs.yml: without
    `edit_uri`, GitHub and GitLab get `edit/master/docs/`, Bitbucket `src/default/docs/`."""
    repo_url = data.get("repo_url") if isinstance(data.get("repo_url"), str) else None
    edit_uri = data.get("edit_uri") if isinstance(data.get("edit_uri"), str) else None
    template = data.get("edit_uri_template") if isinstance(data.get("edit_uri_template"), str) else None
    if edit_uri is None and repo_url:
        host = urlsplit(repo_url).netloc.lower()
        edit_uri = "edit/master/docs/" if host in ("github.com", "gitlab.com") else "src/default/docs/" if host == "bitbucket.org" else None
    if edit_uri and not edit_uri.endswith("/"):
        edit_uri += "/"
    return repo_url, edit_uri, template


def edit_url(settings: tuple[str | None, str | None, str | None], src_uri: str) -> str | None:
    """The "edit this page" URL MkDocs gives a file whose `edit_uri` is `src_uri` (relative
    to docs_dir; `../rfcs/0001-x.md` for a page made from an RFC)."""
    repo_url, edit_uri, template = settings
    if not edit_uri and not template:
        return None
    if template:
        try:
            path = _Formatter().format(template, path=src_uri, path_noext=posixpath.splitext(src_uri)[0])
        except (KeyError, IndexError, ValueError):
            return None
    else:
        path = (edit_uri or "") + src_uri
    if repo_url and not path.startswith(("?", "#")) and not repo_url.endswith("/"):
        repo_url += "/"
    return urljoin(repo_url or "", path)


def with_front_matter(markdown: str, values: dict[str, Any]) -> str:
    """`markdown` with `values` added to its front matter (a block is opened if it has none).
    Values are written as JSON, which YAML reads as it is."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
    first, sep, rest = markdown.partition("\n")
    if first.rstrip("\r") == "---" and sep:
        return first + "\n" + lines + rest
    return "---\n" + lines + "---\n\n" + markdown


def site_feeds(feeds: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"href": path, "title": title} for path, title in feeds]


def overrides(custom_dir: Path | None) -> tuple[dict[str, bytes], str | None]:
    """The theme overrides, by path: the site's own `custom_dir` copied in, then ours. A site
    `main.html` is kept as `SITE_MAIN` and ours extends it; a site `partials/actions.html`
    is kept as it is (its edit links stay the renderer's), with a note saying so."""
    base = "base.html"
    files: dict[str, bytes] = {}
    if custom_dir is not None:
        for dirpath, dirnames, filenames in os.walk(custom_dir):
            dirnames[:] = sorted(d for d in dirnames if not os.path.islink(os.path.join(dirpath, d)))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    continue
                rel = path.relative_to(custom_dir).as_posix()
                if rel == "main.html":
                    rel, base = SITE_MAIN, SITE_MAIN
                files[rel] = path.read_bytes()
    files["main.html"] = MAIN_HTML.replace('"BASE"', json.dumps(base)).encode("utf-8")
    if "partials/actions.html" in files:
        return files, (f"{custom_dir}/partials/actions.html is the site's own: \"edit this page\" on generated pages is left to it "
                       "(front matter `clausewise_edit` holds the file each page is made from)")
    files["partials/actions.html"] = ACTIONS_HTML.encode("utf-8")
    return files, None
