"""Pure-Python core of notedesk. Nothing below this package imports Qt."""
