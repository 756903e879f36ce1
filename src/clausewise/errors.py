"""The few things that truly stop a run. Content problems are diagnostics instead."""

from __future__ import annotations


class ClausewiseError(Exception):
    """Base class; each face (CLI, plugin) translates it once into its own error form."""


class ConfigError(ClausewiseError):
    """The project configuration is missing or wrong."""
