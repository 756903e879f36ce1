"""The package's version, apart from its `__init__` so any module may read it."""

__version__ = "0.1.0"
