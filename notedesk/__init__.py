"""notedesk: a desktop app for Markdown note vaults."""

__version__ = "0.1.0"
