"""The `clausewise` command: a face. Its subcommands only compose core calls.

May import: the core through its packages' public names (`clausewise.project`,
`clausewise.check`, `clausewise.author`, ...), never a module inside them, and no renderer.
"""

from __future__ import annotations

from clausewise.cli.main import main

__all__ = ["main"]
