"""The modules each start-up step needs, loaded before it runs (see startsteps.Step)."""

from __future__ import annotations

# Modules imported off the UI thread before a start-up step runs. Only Qt-free ones
# (notedesk.core and its libraries): PySide6 types must be created on the UI thread.
# Imported by the step that opens the first notes.
NOTE_MODULES = [
    "notedesk.core.document",
    "notedesk.core.mdcontext",
    "notedesk.core.editing",
    "notedesk.core.attachments",
]
# Imported by the step that starts the index load (the render pipeline is the largest).
INDEX_MODULES = ["notedesk.core.index", "notedesk.core.store", "notedesk.core.render.pipeline"]
# Qt modules the index step and the first notes need: imported on the UI thread
# before them, one module per event-loop turn (see startsteps.Step.ui_modules).
INDEX_UI_MODULES = [
    "notedesk.app.indexservice",
    "notedesk.app.renderhost",
    "notedesk.app.vaultlisting",
    "notedesk.app.widgets.filetree",
]
NOTE_UI_MODULES = ["notedesk.app.notetab"]
# Imported before the panels are made (while the index loads: the tags need them).
PANEL_MODULES = ["notedesk.core.fuzzy", "notedesk.core.mentions", "notedesk.core.search"]
# Imported once the index is ready, for the rest of the window's wiring.
LATE_MODULES = [
    "notedesk.core.fileops",
    "notedesk.core.newfiles",
    "notedesk.core.trash",
    "notedesk.core.watch",
    "notedesk.core.conflicts",
]
