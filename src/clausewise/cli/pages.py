"""`clausewise pages`: the whole docs tree for a renderer that cannot run the MkDocs plugin
(Zensical), and, with `--config`, the renderer configuration that builds it.

The tree holds what the plugin adds to a MkDocs build: the hand-written pages of
`docs_dir` (the home section filled in), every generated page, the feeds (absolute URLs
from the site URL), the JSON export, the permalink redirects, the stylesheet and script,
and the front-matter schemas. `[[references]]` stay in the Markdown: the configuration
lists the Markdown extension, told (`tree`) that the generated pages are there; the
extension learns from the renderer which page it renders and writes each reference as a
relative `.md` link, which the renderer turns into its URL. The tree is written whole or
not at all (a staging folder swapped in).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import posixpath
import sys
from importlib import resources
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

from clausewise.atomic import StagedSite, write_file
from clausewise.cli import pageswatch, theme
from clausewise.errors import ClausewiseError
from clausewise.load import schema_documents, siteconfig, yamlsafe
from clausewise.model import format_text, summary
from clausewise.project import Project, load_project
from clausewise.site import feeds, fit_nav, graphsvg, i18n, incremental, permalinks, reader, sanitize, sources

CSS_URI = "assets/clausewise/clausewise.css"
JS_URI = "assets/clausewise/clausewise.js"
EXTENSION_NAMES = ("clausewise", "clausewise.markdown")
#: A digest of the whole tree, at its root (the Markdown extension's TREE_STAMP: a renderer
#: that keeps running loads the project again when it changes; renderers skip dotfiles).
TREE_STAMP = ".clausewise-tree"
#: What a docs folder may hold that is not copied: editors' and systems' leftovers.
SKIP = (".DS_Store",)


def register(sub: Any) -> None:
    pages = sub.add_parser(
        "pages", help="write the whole docs tree (hand-written and generated pages, feeds, assets) for a renderer without the plugin",
        description="Write the docs tree a renderer that cannot run the MkDocs plugin (Zensical) builds: the pages of docs_dir with "
        "the home section filled in, every generated page (RFCs, ambiguities, post-mortems, clauses, indexes), the feeds, the JSON "
        "export, the permalink redirects, the stylesheet and script, and the schemas. With --config, also the renderer configuration: "
        "mkdocs.yml with docs_dir pointing at the tree, the plugin left out and the Markdown extension told about the tree.")
    pages.add_argument("path", nargs="?", default=".", help="project root")
    pages.add_argument("--out", required=True, help="folder to write the docs tree into (replaced whole)")
    pages.add_argument("--site-url", help="the site's address, for the feeds' absolute links (default: site_url in mkdocs.yml)")
    pages.add_argument("--config", metavar="FILE", help="also write a renderer configuration (YAML, as mkdocs.yml) that builds the tree; "
                       "Zensical wants docs_dir and site_dir inside the folder of this file")
    pages.add_argument("--site-dir", help="with --config: where the renderer writes the site (default: site_dir in mkdocs.yml)")
    pages.add_argument("--watch", action="store_true", help="keep running: write the tree, then, whenever a content file or mkdocs.yml "
                       "changes, write again only the files whose content changed (for `zensical serve` on the tree; Ctrl-C stops)")
    pages.set_defaults(func=cmd_pages)


@dataclass
class Rendered:
    """Everything `clausewise pages` writes, computed and not yet written."""

    out: Path
    files: dict[str, bytes]
    generated: int
    #: with --config: where it goes, its text, and the theme overrides beside the tree
    config: tuple[Path, str] | None = None
    theme: dict[str, bytes] = field(default_factory=dict)
    note: str | None = None


def render(args: argparse.Namespace) -> Rendered | None:
    """The tree (and, with --config, its configuration and theme) for the project as it is
    now; None, with the diagnostics printed, when the content has errors."""
    root = Path(args.path).resolve()
    project = load_project(root, history=True)
    i18n.activate(project.config.language)  # the home section, written below, in theme.language
    if project.errors:
        print(format_text(project.diagnostics, project.config.root))
        print(f"clausewise: not writing pages: {summary(project.diagnostics)}", file=sys.stderr)
        return None
    found = siteconfig.find(root)
    site = siteconfig.read_site_config(found) if found is not None else None
    site_url = args.site_url if args.site_url is not None else (site.site_url if site else "")
    directory_urls = site.use_directory_urls if site else True
    out = Path(args.out).absolute()
    docs = project.config.abs(project.config.docs_dir).resolve()
    for folder, said in ((out, f"--out {args.out}"), *(((theme_dir(out), f"--out {args.out}: the theme overrides' folder {theme_dir(out).name}"),) if args.config else ())):
        where = folder.resolve()
        if where == docs or docs in where.parents or where in docs.parents or where == root or where in root.parents:
            raise ClausewiseError(f"{said}: the tree must be a folder of its own, not the project, docs_dir or a folder inside it")
    rendered = Rendered(out, tree(project, docs, site_url, directory_urls, site), len(project.pages()))
    if args.config:
        config_path = Path(args.config).absolute()
        made = {p.path: p.title for p in project.pages() if p.in_nav}
        hidden = [p.path for p in project.pages() if not p.in_nav]
        rendered.config = (config_path, renderer_config(project, site, config_path, out, made, site_url, args.site_dir, hidden))
        custom = _custom_dir(site)
        if custom is not None and not custom.is_dir():
            raise ClausewiseError(f"{site.where('theme') if site else 'mkdocs.yml'}: theme.custom_dir {custom} is not a folder")
        rendered.theme, rendered.note = theme.overrides(custom)
    return rendered


def cmd_pages(args: argparse.Namespace) -> int:
    if args.watch:
        return pageswatch.watch(args, render, write_whole, theme_dir)
    rendered = render(args)
    if rendered is None:
        return 1
    write_whole(rendered.out, rendered.files)
    print(f"clausewise: wrote {len(rendered.files)} files ({rendered.generated} generated pages) to {args.out}", file=sys.stderr)
    if rendered.config is not None:
        if rendered.note:
            print(f"clausewise: {rendered.note}", file=sys.stderr)
        write_whole(theme_dir(rendered.out), rendered.theme)
        write_file(*rendered.config)
        print(f"clausewise: wrote {args.config}; build it with `zensical build -f {args.config}`", file=sys.stderr)
    return 0


def write_whole(folder: Path, files: dict[str, bytes]) -> None:
    """`files` as the whole of `folder`, or nothing: a staging folder swapped in."""
    staged = StagedSite(folder)
    staging = staged.begin()
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except BaseException:
        staged.discard()
        raise
    staged.publish()


def theme_dir(out: Path) -> Path:
    """Where `--config` writes the theme overrides: beside the tree, named after it."""
    return out.with_name(out.name + "-theme")


def _custom_dir(site: siteconfig.SiteConfig | None) -> Path | None:
    options = site.value("theme") if site is not None else None
    custom = options.get("custom_dir") if isinstance(options, dict) else None
    return (site.path.parent / custom) if site is not None and isinstance(custom, str) and custom else None


def _frame(project: Project, site: siteconfig.SiteConfig | None, directory_urls: bool) -> dict[str, dict[str, Any]]:
    """Front matter for what the plugin sets on each generated page's frame under MkDocs
    (`theme.py`): the file "edit this page" opens, and the page's own feeds."""
    settings = theme.edit_settings(site.data if site is not None else {})
    docs_dir = project.config.docs_dir
    edits = sources(project.graph)
    out: dict[str, dict[str, Any]] = {}
    for page in project.pages():
        values: dict[str, Any] = {}
        source = edits.get(page.path)
        values["clausewise_edit"] = (theme.edit_url(settings, posixpath.relpath(source, docs_dir)) if source else None) or ""
        own = [f for f in feeds.discovery(page.path, project.graph) if f not in feeds.SITE_FEEDS]
        if own:
            values["clausewise_feeds"] = theme.site_feeds(own)
        out[page.path] = values
    return out


def _guide(project: Project, site: siteconfig.SiteConfig | None, directory_urls: bool) -> dict[str, Any] | None:
    """The policy changes through RFCs: its pages' edit button opens the proposing guide
    (plugin option `proposing_guide`). The pages are named by URL in the configuration, not
    in their front matter: a hand-written page keeps its lines, so a renderer's message
    about line N of it is about line N of the file you edit."""
    docs_dir = project.config.docs_dir
    guide = (site.plugin or {}).get("proposing_guide", "contributing.md") if site is not None else "contributing.md"
    policy = posixpath.relpath(project.config.policy_dir, docs_dir).rstrip("/") + "/"
    docs = project.config.abs(docs_dir)
    if not isinstance(guide, str) or not (docs / guide).is_file() or not docs.joinpath(policy).is_dir():
        return None
    pages = [permalinks.page_url(p.relative_to(docs).as_posix(), directory_urls) for p in sorted(docs.joinpath(policy).rglob("*.md"))]
    return {"url": permalinks.page_url(guide, directory_urls), "pages": pages}


def nav_titles(nav: Any) -> dict[str, str]:
    """{page: title} for the pages mkdocs.yml's `nav` lists under a title of its own."""
    out: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else []:
        for title, value in item.items() if isinstance(item, dict) else ():
            if isinstance(value, str) and value.endswith(".md") and "://" not in value and isinstance(title, str):
                out.setdefault(value.lstrip("/"), title)
            elif isinstance(value, list):
                for path, inner in nav_titles(value).items():
                    out.setdefault(path, inner)
    return out


def tree(project: Project, docs: Path, site_url: str, directory_urls: bool, site: siteconfig.SiteConfig | None = None) -> dict[str, bytes]:
    """Every file of the docs tree, by its path inside it."""
    files: dict[str, bytes] = {}
    texts: dict[str, str] = {}  # hand-written pages, as written
    frame = _frame(project, site, directory_urls)
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames[:] = sorted(d for d in dirnames if not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name in SKIP or path.is_symlink() or not path.is_file():
                continue  # a link in the docs is CW602, refused by the check above
            rel = path.relative_to(docs).as_posix()
            data = path.read_bytes()
            if name.endswith(".md"):
                texts[rel] = data.decode("utf-8")
                continue
            files[rel] = data
    generated = {page.path: sanitize.unkeyed(page.markdown) for page in project.pages()}  # digests the same on every run
    inputs = _inputs(project, {**texts, **generated})
    for rel, text in texts.items():
        # Its lines kept (a renderer's line numbers are the file's): what it is rendered from,
        # as a comment at the end, which the sanitiser drops from the page.
        text = reader.expand_home(text, project.graph, project.history)
        files[rel] = (text + ("" if text.endswith("\n") else "\n") + f"\n<!-- clausewise-inputs {inputs[rel]} -->\n").encode("utf-8")
    published = {permalinks.page_url(rel, directory_urls): rel for rel in files if rel.endswith(".md")}
    for page in project.pages():
        url = permalinks.page_url(page.path, directory_urls)
        problem = permalinks.clash(page.path, url, page.path if page.path in files else published.get(url), project.config.docs_dir)
        if problem:
            raise ClausewiseError(problem)
        markdown = theme.with_front_matter(page.markdown, {**frame.get(page.path, {}), "clausewise_inputs": inputs[page.path]})
        files[page.path] = sanitize.unkeyed(markdown).encode("utf-8")  # the same on every run
    for asset in project.assets(site_url, directory_urls):
        files[asset.path] = asset.content.encode("utf-8")
    for uri in (CSS_URI, JS_URI):
        files[uri] = resources.files("clausewise").joinpath("assets/" + uri.rsplit("/", 1)[1]).read_bytes()
    files[JS_URI] = i18n.localize_js(files[JS_URI].decode("utf-8")).encode("utf-8")  # its strings in theme.language
    for name, text in schema_documents().items():
        files[f"schemas/{name}"] = text.encode("utf-8")
    digest = hashlib.blake2b(digest_size=16)
    for rel in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0" + files[rel] + b"\0")
    files[TREE_STAMP] = digest.hexdigest().encode("ascii")
    return files


def _inputs(project: Project, texts: dict[str, str]) -> dict[str, str]:
    """For each page (docs-relative path: its Markdown), a digest of everything the Markdown
    extension renders it from (`site.incremental`): written into its front matter, so a page
    whose references, clause headings or links changed changes too, and a renderer that
    renders only changed pages (`zensical serve`) renders it again."""
    fingerprint = incremental.Fingerprinter().for_build(project.graph, project.history, set(texts))
    return {path: fingerprint(path, text) for path, text in texts.items()}


def renderer_config(project: Project, site: siteconfig.SiteConfig | None, path: Path, out: Path, made: dict[str, str], site_url: str, site_dir: str | None,
                    hidden: tuple[str, ...] | list[str] = ()) -> str:
    """mkdocs.yml for the tree: docs_dir is the tree, the plugin is left out (the tree holds
    what it would add), and the Markdown extension is listed with the project and the tree."""
    data: dict[str, Any] = dict(site.data) if site is not None else {"site_name": project.config.root.name}
    base = path.parent
    here = site.path.parent if site is not None else project.config.root
    plugin = dict(site.plugin or {}) if site is not None else {}
    data.pop("INHERIT", None)
    data["docs_dir"] = os.path.relpath(out, base)
    if site_dir is not None:
        data["site_dir"] = os.path.relpath(Path(site_dir).absolute(), base)
    else:
        where = site.value("site_dir", "site") if site is not None else "site"
        data["site_dir"] = os.path.relpath((here / str(where)).resolve(), base)
    if site_url:
        data["site_url"] = site_url
    plugins = data.get("plugins")
    if isinstance(plugins, list):
        data["plugins"] = [p for p in plugins if p != siteconfig.PLUGIN and not (isinstance(p, dict) and siteconfig.PLUGIN in p)]
    elif isinstance(plugins, dict):
        data["plugins"] = {k: v for k, v in plugins.items() if k != siteconfig.PLUGIN}
    options: dict[str, Any] = {"project": str(project.config.root), "tree": str(out),
                               "directory_urls": bool(site.use_directory_urls) if site is not None else True}
    if isinstance(plugin.get("raw_html"), str):
        options["raw_html"] = plugin["raw_html"]
    titles = nav_titles(data.get("nav"))
    if titles:  # a page the navigation names with a title is titled so, as MkDocs does
        options["titles"] = titles
    exts = data.get("markdown_extensions") or []
    items = list(exts) if isinstance(exts, list) else [{k: v} if v else k for k, v in exts.items()]
    kept = [e for e in items if not (e in EXTENSION_NAMES or isinstance(e, dict) and any(k in EXTENSION_NAMES for k in e))]
    fence = graphsvg.superfences_config()
    fence_yaml = {"name": fence["name"], "class": fence["class"],
                  "format": yamlsafe.Tagged(f"tag:yaml.org,2002:python/name:{fence['format'].__module__}.{fence['format'].__name__}", "")}
    for i, e in enumerate(kept):
        if e == "pymdownx.superfences" or isinstance(e, dict) and "pymdownx.superfences" in e:
            conf = dict(e["pymdownx.superfences"] or {}) if isinstance(e, dict) else {}
            conf["custom_fences"] = [f for f in conf.get("custom_fences") or [] if not (isinstance(f, dict) and f.get("name") == fence["name"])] + [fence_yaml]
            kept[i] = {"pymdownx.superfences": conf}
            break
    else:
        kept.append({"pymdownx.superfences": {"custom_fences": [fence_yaml]}})
    data["markdown_extensions"] = kept + [{"clausewise": options}]
    for key, uri in (("extra_css", CSS_URI), ("extra_javascript", JS_URI)):
        listed = list(data.get(key) or [])
        if uri not in listed:
            listed.append(uri)
        data[key] = listed
    # The frame the plugin gives pages under MkDocs (theme.py): feed links, edit links.
    options_theme = data.get("theme")
    options_theme = dict(options_theme) if isinstance(options_theme, dict) else {"name": options_theme} if isinstance(options_theme, str) else {"name": "material"}
    options_theme["custom_dir"] = os.path.relpath(theme_dir(out), base)
    data["theme"] = options_theme
    extra = dict(data.get("extra") or {}) if isinstance(data.get("extra"), dict) else {}
    extra["clausewise_feeds"] = theme.site_feeds(list(feeds.SITE_FEEDS))
    guide = _guide(project, site, bool(options["directory_urls"]))
    if guide is not None:
        extra["clausewise_guide"] = guide
    data["extra"] = extra
    repo_url, edit_uri, _ = theme.edit_settings(data)
    if edit_uri is not None and "edit_uri_template" not in data:
        data["edit_uri"] = edit_uri  # MkDocs' default, said out loud: Zensical's names the tree
    if isinstance(data.get("nav"), list):
        data["nav"], _, _ = fit_nav(data["nav"], made)
    if hidden:  # generated pages reached by links, not the navigation (MkDocs' `not_in_nav`)
        listed = str(data.get("not_in_nav") or "").splitlines()
        data["not_in_nav"] = "\n".join(listed + ["/" + p for p in hidden if "/" + p not in listed]) + "\n"
    head = (f"# Written by `clausewise pages` from {site.name if site else 'the defaults'}: the docs tree {data['docs_dir']} for a renderer\n"
            "# that cannot run the clausewise plugin. Do not edit; edit mkdocs.yml and run `clausewise pages` again.\n")
    return head + yamlsafe.dump(data)
