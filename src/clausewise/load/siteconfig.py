"""The renderer's configuration, `mkdocs.yml`, read by the core: the one place a project's
settings live.

The `clausewise` plugin's block in `plugins:` holds clausewise's settings (the content
folders and the build options), `docs_dir`, `site_url` and `use_directory_urls` are
MkDocs' own; `clausewise check`, `clausewise pages` and the plugin all read them from here,
so the command and the site cannot disagree. The file goes through the bounded YAML loader
with MkDocs' tags kept, not run: `!ENV` is read from the environment and `!relative` from
the file's folder for the few values clausewise reads; any other tag (Material's
`!!python/name:`) is left as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausewise.atomic import NotRegular, read_regular
from clausewise.errors import ConfigError
from clausewise.load import yamlsafe

#: What ProperDocs, then MkDocs (and Zensical) look for, in their order.
NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")
PLUGIN = "clausewise"
MAX_BYTES = 256 * 1024


@dataclass
class SiteConfig:
    path: Path
    #: the whole file, tags kept (yamlsafe.Tagged)
    located: yamlsafe.Located
    #: the clausewise plugin's settings, or None when the plugin is not listed
    plugin: dict[str, Any] | None = None
    #: where the plugin's block sits in the file (a path for `located.line`)
    plugin_at: tuple[Any, ...] = ()
    extensions: list[Any] = field(default_factory=list)

    #: with `INHERIT:`, the file each value came from (display name by value path; the
    #: configuration's own values are not listed)
    origins: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        return self.located.value if isinstance(self.located.value, dict) else {}

    @property
    def name(self) -> str:
        return self.path.name

    def line(self, *path: Any) -> int:
        return self.located.line(*path)

    def where(self, *path: Any) -> str:
        return f"{self.origin(*path)}:{self.line(*path)}"

    def origin(self, *path: Any) -> str:
        """The file that gave the value at `path`: this one, or one it inherits from."""
        p = tuple(path)
        while p:
            if p in self.located.lines:
                return self.origins.get(p, self.name)
            p = p[:-1]
        return self.name

    def value(self, key: str, default: Any = None) -> Any:
        """A top-level setting, with `!ENV` and `!relative` resolved."""
        return resolve(self.data.get(key, default), self.path.parent, self.where(key))

    def plugin_value(self, key: str) -> Any:
        assert self.plugin is not None
        return resolve(self.plugin.get(key), self.path.parent, self.where(*self.plugin_at, key))

    @property
    def docs_dir(self) -> Path:
        value = self.value("docs_dir", "docs")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{self.where('docs_dir')}: `docs_dir` must be a folder")
        # Not resolved: a docs folder that is a symlink stays the path it names, which the
        # confinement checks refuse (CW602), rather than becoming where the link points.
        return Path(os.path.normpath(self.path.parent / value))

    @property
    def site_url(self) -> str:
        value = self.value("site_url", "")
        return value if isinstance(value, str) else ""

    @property
    def language(self) -> tuple[str, int]:
        """`theme.language` (Material, Zensical; MkDocs' own themes call it `locale`), and its
        line: the language of the site's generated text. `en` when unset."""
        theme = self.data.get("theme")
        if isinstance(theme, dict):
            for key in ("language", "locale"):
                value = resolve(theme.get(key), self.path.parent, self.where("theme", key)) if key in theme else None
                if isinstance(value, str) and value.strip():
                    return value.strip(), self.line("theme", key)
        return "en", 1

    @property
    def use_directory_urls(self) -> bool:
        return self.value("use_directory_urls", True) is not False


def resolve(value: Any, base: Path, where: str) -> Any:
    """`!ENV NAME`, `!ENV [NAME, OTHER, default]` and `!relative` as MkDocs reads them."""
    if not isinstance(value, yamlsafe.Tagged):
        return value
    if value.tag == "!ENV":
        names = value.value if isinstance(value.value, list) else [value.value]
        *keys, last = names if len(names) > 1 else (*names, None)
        for key in keys:
            if isinstance(key, str) and key in os.environ:
                return os.environ[key]
        return last
    if value.tag == "!relative":
        return str(base / value.value) if isinstance(value.value, str) and value.value not in ("", "$config_dir") else str(base)
    raise ConfigError(f"{where}: the YAML tag `{value.tag}` is not understood here; write the value out")


def find(folder: Path) -> Path | None:
    for name in NAMES:
        if os.path.lexists(folder / name):
            return folder / name
    return None


def read_site_config(path: Path) -> SiteConfig:
    """Read `path` (an mkdocs.yml) and find the clausewise plugin's block in it."""
    name = path.name
    if os.path.islink(path):
        raise ConfigError(f"{name}:1: CW602 is a symlink; the configuration must be a file in the project")
    located = read_yaml(path, name, MAX_BYTES, tags=True)
    if located.value is not None and not isinstance(located.value, dict):
        raise ConfigError(f"{name}:1: must be a mapping of settings")
    located, origins = inherit(path, located)
    site = SiteConfig(path.absolute().parent.resolve() / path.name, located, origins=origins)
    plugins = site.data.get("plugins") or []
    entries = list(plugins.items()) if isinstance(plugins, dict) else [
        (next(iter(p)), p[next(iter(p))]) if isinstance(p, dict) and len(p) == 1 else (p, {}) for p in plugins if isinstance(p, (str, dict))
    ] if isinstance(plugins, list) else []
    for i, (key, options) in enumerate(entries):
        if key == PLUGIN:
            if options is not None and not isinstance(options, dict):
                raise ConfigError(f"{site.where('plugins', i)}: the clausewise plugin's settings must be a mapping")
            site.plugin = dict(options or {})
            site.plugin_at = ("plugins", key) if isinstance(plugins, dict) else ("plugins", i, key)
    exts = site.data.get("markdown_extensions") or []
    site.extensions = list(exts) if isinstance(exts, list) else list(exts.items()) if isinstance(exts, dict) else []
    return site


#: How many files an `INHERIT:` chain may hold, the configuration itself included.
MAX_INHERIT = 8


def inherit(path: Path, located: yamlsafe.Located) -> tuple[yamlsafe.Located, dict[tuple[Any, ...], str]]:
    """`located` (the configuration at `path`) merged over the files its `INHERIT:` names,
    as MkDocs merges them: mappings key by key, anything else (lists included) replaced by
    the inheriting file's value; `INHERIT` itself is dropped. Each parent is read like the
    configuration (a regular file, not a symlink, bounded), a chain is at most
    `MAX_INHERIT` files, and a cycle is refused at the `INHERIT:` line that closes it (CW710).
    Returns the merged values and, for those that came from a parent, its name."""
    chain = [(path.name, located)]
    seen = [os.path.realpath(path)]
    current, names = path, [path.name]
    while isinstance(chain[-1][1].value, dict) and "INHERIT" in chain[-1][1].value:
        name, here = chain[-1]
        where = f"{name}:{here.line('INHERIT')}"
        rel = here.value["INHERIT"]
        if not isinstance(rel, str) or not rel.strip():
            raise ConfigError(f"{where}: CW710 `INHERIT` must name a configuration file, as a path relative to {name}")
        parent = Path(os.path.normpath(current.parent / rel))
        shown = os.path.relpath(parent, path.parent)
        if os.path.realpath(parent) in seen:
            loop = " → ".join(names + [shown])
            raise ConfigError(f"{where}: CW710 `INHERIT: {rel}` makes a cycle ({loop}); a configuration cannot inherit from itself")
        if len(chain) >= MAX_INHERIT:
            raise ConfigError(f"{where}: CW710 `INHERIT: {rel}` makes a chain longer than {MAX_INHERIT} files; inherit from fewer")
        if not os.path.lexists(parent):
            raise ConfigError(f"{where}: CW710 `INHERIT: {rel}`: there is no file {shown}")
        if os.path.islink(parent):
            raise ConfigError(f"{where}: CW602 `INHERIT: {rel}` is a symlink; inherit from the file itself")
        value = read_yaml(parent, shown, MAX_BYTES, tags=True)
        if value.value is not None and not isinstance(value.value, dict):
            raise ConfigError(f"{shown}:1: must be a mapping of settings")
        chain.append((shown, value))
        seen.append(os.path.realpath(parent))
        names.append(shown)
        current = parent
    if len(chain) == 1:
        return located, {}
    # The oldest ancestor first, each inheriting file merged over what came before.
    name, merged = chain[-1]
    lines = dict(merged.lines)
    origins = {p: name for p in merged.lines}
    value = merged.value or {}
    for name, child in reversed(chain[:-1]):
        value = _merge(value, child.value or {}, (), child, name, lines, origins)
    value.pop("INHERIT", None)
    lines.pop(("INHERIT",), None)
    origins = {p: n for p, n in origins.items() if n != path.name}
    return yamlsafe.Located(value, lines, list(located.duplicate_keys)), origins


def _merge(old: Any, new: Any, at: tuple[Any, ...], child: yamlsafe.Located, name: str,
           lines: dict[tuple[Any, ...], int], origins: dict[tuple[Any, ...], str]) -> Any:
    """`new` (from `child`, called `name`) over `old`, recording where each value came from."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = dict(old)
        if at in child.lines:
            lines[at], origins[at] = child.lines[at], name
        for key, value in new.items():
            out[key] = _merge(old[key], value, at + (key,), child, name, lines, origins) if key in old else _take(value, at + (key,), child, name, lines, origins)
        return out
    _drop(old, at, lines, origins)
    return _take(new, at, child, name, lines, origins)


def _take(value: Any, at: tuple[Any, ...], child: yamlsafe.Located, name: str, lines: dict[tuple[Any, ...], int], origins: dict[tuple[Any, ...], str]) -> Any:
    if at in child.lines:
        lines[at], origins[at] = child.lines[at], name
    for key, item in value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ():
        _take(item, at + (key,), child, name, lines, origins)
    return value


def _drop(value: Any, at: tuple[Any, ...], lines: dict[tuple[Any, ...], int], origins: dict[tuple[Any, ...], str]) -> None:
    lines.pop(at, None)
    origins.pop(at, None)
    for key, item in value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ():
        _drop(item, at + (key,), lines, origins)


def read_yaml(path: Path, name: str, max_bytes: int, tags: bool = False) -> yamlsafe.Located:
    """A configuration file read with the bounded loader: a regular file of at most
    `max_bytes`, UTF-8; every problem a ConfigError at `name:line` (mkdocs.yml, clausewise.yml)."""
    try:
        text = read_regular(path, max_bytes)
        if len(text) > max_bytes:
            raise ConfigError(f"{name}:1: larger than {max_bytes // 1024} KiB")
        return yamlsafe.load(text.decode("utf-8"), tags=tags)
    except NotRegular:
        raise ConfigError(f"{name}:1: not a regular file") from None
    except OSError as exc:
        raise ConfigError(f"{name}:1: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{name}:1: cannot read: not valid UTF-8") from None
    except yamlsafe.YamlProblem as exc:
        raise ConfigError(f"{name}:{exc.line}: {exc.message}") from None
