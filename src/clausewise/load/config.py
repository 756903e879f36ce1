"""Project configuration: `clausewise.yml` at the project root, read by the core.

The MkDocs plugin only points at this file, so the CLI and the site agree on where the
content lives without the CLI importing MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from clausewise.atomic import NotRegular, read_regular
from clausewise.errors import ConfigError
from clausewise.load import yamlsafe
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


_KEYS = [f.name for f in fields(Config) if f.name != "root"]
#: the settings that are whole numbers of days, not paths
_NUMBERS = ("pending_days",)


def load_config(root: str | os.PathLike[str]) -> Config:
    """Read `clausewise.yml` under `root`; a project without one uses the defaults."""
    root_path = Path(root).resolve()
    if not root_path.is_dir():
        raise ConfigError(f"{root}: not a directory")
    path = root_path / CONFIG_NAME
    if not os.path.lexists(path):
        return Config(root=root_path)
    if os.path.realpath(path) != str(path):
        # A pull request can replace the configuration with a link to /proc/self/environ.
        raise ConfigError(f"{CONFIG_NAME}:1: CW602 is a symlink; the configuration must be a file in the project")
    try:
        data_bytes = read_regular(path, MAX_CONFIG_BYTES)
        if len(data_bytes) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{CONFIG_NAME}:1: larger than {MAX_CONFIG_BYTES // 1024} KiB")
        located = yamlsafe.load(data_bytes.decode("utf-8"))
    except NotRegular:
        raise ConfigError(f"{CONFIG_NAME}:1: not a regular file") from None
    except OSError as exc:
        raise ConfigError(f"{CONFIG_NAME}:1: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{CONFIG_NAME}:1: cannot read: not valid UTF-8") from None
    except yamlsafe.YamlProblem as exc:
        raise ConfigError(f"{CONFIG_NAME}:{exc.line}: {exc.message}") from None
    data = located.value or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_NAME}:1: must be a mapping of settings")
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = located.line(key)
        if key not in _KEYS:
            hint = did_you_mean(key, _KEYS)
            raise ConfigError(f"{CONFIG_NAME}:{line}: unknown setting `{key}`" + (f"; {hint}" if hint else ""))
        if key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 36500:
                raise ConfigError(f"{CONFIG_NAME}:{line}: `{key}` must be a whole number of days from 1 to 36500")
            values[key] = value
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{CONFIG_NAME}:{line}: `{key}` must be a path relative to the project root")
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise ConfigError(f"{CONFIG_NAME}:{line}: `{key}` must stay inside the project (no absolute paths or `..`)")
        values[key] = value.strip().rstrip("/")
    config = Config(root=root_path, **values)
    if not (config.policy_dir + "/").startswith(config.docs_dir + "/"):
        raise ConfigError(f"{CONFIG_NAME}:{located.line('policy_dir')}: `policy_dir` must be inside `docs_dir` ({config.docs_dir})")
    if (config.applications_dir + "/").startswith(config.docs_dir + "/"):
        # MkDocs would publish the files themselves, contact addresses and all.
        raise ConfigError(f"{CONFIG_NAME}:{located.line('applications_dir') if 'applications_dir' in data else located.line('docs_dir')}: `applications_dir` must be outside `docs_dir` ({config.docs_dir}): the site would publish the applications' files, private fields included")
    return config
