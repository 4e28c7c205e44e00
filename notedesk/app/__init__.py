"""The PySide6 user interface of notedesk."""
