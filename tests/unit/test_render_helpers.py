"""Shared helpers for the render tests: an in-memory vault host and a one-call render."""

from __future__ import annotations

from notedesk.core.linkplaces import FolderLink, listed_folder_link
from notedesk.core.links import NameTable, resolve, split_fragment
from notedesk.core.render import PreviewLinks, Renderer, RenderOptions, RenderResult


class MemoryHost:
    """A RenderHost over a dict of vault files; records every read."""

    def __init__(self, files: dict[str, str] | None = None) -> None:
        self.files = dict(files or {})
        self.names = NameTable(sorted(self.files))
        self.reads: list[str] = []

    def resolve_link(self, target: str, source: str) -> str | None:
        name, _fragment = split_fragment(target)
        return resolve(name, source, self.names)

    def folder_link(self, target: str, source: str) -> FolderLink | None:
        return listed_folder_link(self.names, split_fragment(target)[0], source)

    def read_text(self, path: str) -> str | None:
        self.reads.append(path)
        return self.files.get(path)


_DEFAULT = Renderer()


def render(
    text: str,
    files: dict[str, str] | None = None,
    source: str = "Note.md",
    options: RenderOptions | None = None,
) -> RenderResult:
    host = MemoryHost({source: text, **(files or {})})
    renderer = _DEFAULT if options is None else Renderer(options)
    return renderer.render(text, source, host, PreviewLinks())


def html(text: str, files: dict[str, str] | None = None, **kwargs: object) -> str:
    return render(text, files, **kwargs).html  # type: ignore[arg-type]


def test_memory_host_resolves_and_reads() -> None:
    host = MemoryHost({"a/B.md": "x"})
    assert host.resolve_link("b", "Note.md") == "a/B.md"
    assert host.read_text("a/B.md") == "x"
