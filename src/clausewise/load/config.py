"""Project configuration, read by the core from the clausewise plugin's block in
`mkdocs.yml` (see `siteconfig`), and from `clausewise.yml` where an older project still
has one; the CLI and the site read the same settings without the CLI importing MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from clausewise.errors import ConfigError
from clausewise.load import siteconfig
from clausewise.model.diagnostics import did_you_mean

CONFIG_NAME = "clausewise.yml"
MAX_CONFIG_BYTES = 64 * 1024


@dataclass(frozen=True)
class Config:
    root: Path
    #: folder MkDocs renders; policy pages sit inside it
    docs_dir: str = "docs"
    #: folder of policy pages (Markdown with clause markers), inside docs_dir
    policy_dir: str = "docs/policy"
    #: folder of post-mortems, `<id>.md`
    postmortems_dir: str = "postmortems"
    #: folder of RFCs, `NNNN-slug.md`
    rfcs_dir: str = "rfcs"
    #: roster and decision rules (optional)
    governance_file: str = "governance.yml"
    #: folder of vote records, one `NNNN.yml` per RFC
    votes_dir: str = "votes"
    #: the policy's changelog, appended by `clausewise apply`
    versions_file: str = "policy-versions.yml"
    #: folder of FAQ answers, `<slug>.md`
    faq_dir: str = "faq"
    #: folder of pre-disclosure list applications, `<id>.md`
    applications_dir: str = "applications"
    #: a pending application older than this many days gets a note (CW807)
    pending_days: int = 30
    #: the language of the site's generated text: `theme.language` in mkdocs.yml, not a
    #: setting of the plugin (site.i18n); and where it is said, for CW706
    language: str = "en"
    language_at: tuple[str, int] = ("mkdocs.yml", 1)

    def abs(self, rel: str) -> Path:
        return self.root / rel

    def rel(self, path: Path) -> str:
        # Most paths are files listed under the (absolute) root: cut the prefix, which is
        # what relpath gives without its getcwd per call (thousands per load).
        text, root = str(path), str(self.root)
        odd = (f"{os.sep}.{os.sep}", f"{os.sep}..{os.sep}", f"{os.sep}{os.sep}")
        if text.startswith(root + os.sep) and not any(o in text + os.sep for o in odd):
            return text[len(root) + 1:].replace(os.sep, "/")
        return Path(os.path.relpath(path, self.root)).as_posix()


_KEYS = [f.name for f in fields(Config) if f.name not in ("root", "language", "language_at")]
#: the settings that are whole numbers of days, not paths
_NUMBERS = ("pending_days",)


#: The plugin's build options in mkdocs.yml: the plugin's own, not where content lives.
BUILD_OPTIONS = frozenset({"enabled", "project", "history", "atomic", "raw_html", "poll_interval", "proposing_guide"})


def load_config(root: str | os.PathLike[str], site: str | os.PathLike[str] | None = None) -> Config:
    """The project's settings: the `clausewise` plugin's block in mkdocs.yml (`site`, by
    default the one in `root`), with `docs_dir` taken from MkDocs' own setting; and, for
    projects made before the settings moved there, `clausewise.yml`. A setting given twice
    with different values, or a `docs_dir` that is not the one MkDocs renders, is an error
    naming both places (CW704)."""
    root_path = Path(root).resolve()
    if not root_path.is_dir():
        raise ConfigError(f"{root}: not a directory")
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for key, (value, line) in _read_clausewise_yml(root_path).items():
        values[key], where[key] = value, f"{CONFIG_NAME}:{line}"
    site_path = Path(site) if site is not None else siteconfig.find(root_path)
    sc = siteconfig.read_site_config(site_path) if site_path is not None else None
    if sc is not None and site is None and sc.plugin is not None:
        project = sc.plugin_value("project") or "."
        if not isinstance(project, str) or (sc.path.parent / project).resolve() != root_path:
            sc = None  # that mkdocs.yml builds a project elsewhere
    if sc is not None:
        for key in sc.plugin or {}:
            loc = sc.where(*sc.plugin_at, key)
            if key in BUILD_OPTIONS:
                continue
            if key == "docs_dir":
                raise ConfigError(f"{loc}: CW704 `docs_dir` is MkDocs' own setting: write it at the top level of {sc.name}, not in the clausewise plugin's block")
            if key not in _KEYS:
                hint = did_you_mean(str(key), _KEYS)
                raise ConfigError(f"{loc}: unknown setting `{key}` of the clausewise plugin" + (f"; {hint}" if hint else ""))
            value = _path_setting(key, sc.plugin_value(key), loc)
            if key in values and values[key] != value:
                raise ConfigError(f"{where[key]}: CW704 `{key}: {values[key]}` conflicts with {loc} (`{key}: {value}`); keep the setting in {sc.name} and delete it from {CONFIG_NAME}")
            values[key], where[key] = value, loc
        docs = Path(os.path.relpath(sc.docs_dir, root_path)).as_posix()
        if docs.startswith("../") or docs == "..":
            raise ConfigError(f"{sc.where('docs_dir')}: `docs_dir` must stay inside the project")
        if "docs_dir" in values and values["docs_dir"] != docs:
            said = sc.where("docs_dir") if "docs_dir" in sc.data else f"{sc.name} (by default)"
            raise ConfigError(
                f"{where['docs_dir']}: CW704 `docs_dir: {values['docs_dir']}` conflicts with {said} (`docs_dir: {docs}`): "
                f"the site would show the pages of {docs} with clause data read from {values['docs_dir']}; "
                f"set `docs_dir` once, in {sc.name}, and delete it from {CONFIG_NAME}")
        values["docs_dir"], where["docs_dir"] = docs, sc.where("docs_dir")
        language, line = sc.language
        values["language"], values["language_at"] = language, (sc.name, line)
    if "policy_dir" not in values and "docs_dir" in values:
        values["policy_dir"] = values["docs_dir"] + "/policy"
    config = Config(root=root_path, **values)
    if not (config.policy_dir + "/").startswith(config.docs_dir + "/"):
        raise ConfigError(f"{where.get('policy_dir', CONFIG_NAME + ':1')}: `policy_dir` must be inside `docs_dir` ({config.docs_dir})")
    if (config.applications_dir + "/").startswith(config.docs_dir + "/"):
        # MkDocs would publish the files themselves, contact addresses and all.
        raise ConfigError(f"{where.get('applications_dir', where.get('docs_dir', CONFIG_NAME + ':1'))}: `applications_dir` must be outside `docs_dir` ({config.docs_dir}): the site would publish the applications' files, private fields included")
    return config


def _path_setting(key: str, value: object, loc: str) -> Any:
    """A setting's value, checked: a number of days for `_NUMBERS`, else a path inside the project."""
    if key in _NUMBERS:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 36500:
            raise ConfigError(f"{loc}: `{key}` must be a whole number of days from 1 to 36500")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{loc}: `{key}` must be a path relative to the project root")
    if Path(value).is_absolute() or ".." in Path(value).parts:
        raise ConfigError(f"{loc}: `{key}` must stay inside the project (no absolute paths or `..`)")
    return value.strip().rstrip("/")


def _read_clausewise_yml(root_path: Path) -> dict[str, tuple[Any, int]]:
    """`clausewise.yml`'s settings with their lines; none when there is no such file."""
    path = root_path / CONFIG_NAME
    if not os.path.lexists(path):
        return {}
    if os.path.realpath(path) != str(path):
        # A pull request can replace the configuration with a link to /proc/self/environ.
        raise ConfigError(f"{CONFIG_NAME}:1: CW602 is a symlink; the configuration must be a file in the project")
    located = siteconfig.read_yaml(path, CONFIG_NAME, MAX_CONFIG_BYTES)
    data = located.value or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_NAME}:1: must be a mapping of settings")
    values: dict[str, tuple[Any, int]] = {}
    for key, value in data.items():
        line = located.line(key)
        if key not in _KEYS:
            hint = did_you_mean(key, _KEYS)
            raise ConfigError(f"{CONFIG_NAME}:{line}: unknown setting `{key}`" + (f"; {hint}" if hint else ""))
        values[key] = (_path_setting(key, value, f"{CONFIG_NAME}:{line}"), line)
    return values
