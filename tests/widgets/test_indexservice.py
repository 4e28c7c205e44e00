"""The index service: a large batch is applied over event-loop turns and announced once."""

from __future__ import annotations

from pathlib import Path

from notedesk.app.indexservice import CHUNK, IndexService
from notedesk.core.events import FileEvent
from notedesk.core.vault import Vault


def started(qtbot, root: Path) -> IndexService:
    service = IndexService(Vault(root))
    with qtbot.waitSignal(service.index_ready, timeout=20000):
        service.start()
    return service


def test_a_large_batch_is_applied_in_turns_and_announced_once(qtbot, tmp_path: Path) -> None:
    (tmp_path / "Hub.md").write_text("# Hub\n", encoding="utf-8")
    service = started(qtbot, tmp_path)
    try:
        events = []
        for i in range(300):
            (tmp_path / f"n{i}.md").write_text(f"[[Hub]] #t{i % 3}\n", encoding="utf-8")
            events.append(FileEvent("created", f"n{i}.md"))
        announced: list[list[FileEvent]] = []
        service.index_changed.connect(announced.append)
        service.apply(events)
        assert service.busy and announced == []  # not all in this turn
        qtbot.waitUntil(lambda: not service.busy, timeout=20000)
        assert announced == [events]
        assert len(service.index.backlinks("Hub.md")) == 300
        assert sorted(service.index.tags()) == ["t0", "t1", "t2"]
    finally:
        service.close()


def test_a_small_batch_is_applied_at_once(qtbot, tmp_path: Path) -> None:
    (tmp_path / "A.md").write_text("# A\n", encoding="utf-8")
    service = started(qtbot, tmp_path)
    try:
        (tmp_path / "A.md").write_text("# A\n\n#now\n", encoding="utf-8")
        announced: list[list[FileEvent]] = []
        service.index_changed.connect(announced.append)
        batch = [FileEvent("modified", "A.md")] * CHUNK
        service.apply(batch)
        assert announced == [batch] and not service.busy  # in this very call
        assert list(service.index.tags()) == ["now"]
    finally:
        service.close()


def test_long_lived_allocations_pause_collections_then_freeze() -> None:
    import gc

    from notedesk.app.background import long_lived_allocations, release_long_lived

    assert gc.isenabled()
    try:
        with long_lived_allocations():
            collecting = gc.isenabled()
            kept = [[i] for i in range(1000)]
        assert not collecting and gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        release_long_lived()
    assert gc.get_freeze_count() == 0
