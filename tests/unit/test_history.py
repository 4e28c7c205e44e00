from notedesk.core.history import History


def test_back_forward_and_branching():
    h = History()
    for loc in ("a", "b", "c"):
        h.visit(loc)
    assert h.back() == "b"
    assert h.back() == "a"
    assert h.back() is None
    assert h.forward() == "b"
    h.visit("d")
    assert not h.can_go_forward()
    assert h.back() == "b"
    assert h.back() == "a"


def test_repeated_visit_is_one_entry_and_limit():
    h = History(limit=3)
    for loc in ("a", "a", "b", "c", "d"):
        h.visit(loc)
    assert h.back() == "c"
    assert h.back() == "b"
    assert h.back() is None


def test_rename_and_forget():
    h = History()
    for loc in ("a", "b", "c"):
        h.visit(loc)
    h.rename("b", "B")
    assert h.back() == "B"
    h.forget("B")
    assert h.current == "a"
    assert h.forward() == "c"


def test_cursor_marks_follow_renames_and_are_bounded() -> None:
    h = History(limit=2)
    h.leave("a.md", 10)
    h.leave("b.md", 20)
    h.rename("a.md", "z.md")
    assert (h.mark("a.md"), h.mark("z.md")) == (None, 10)
    h.leave("c.md", 30)  # over the limit: the note left longest ago goes
    assert (h.mark("z.md"), h.mark("b.md"), h.mark("c.md")) == (None, 20, 30)
    h.forget("b.md")
    assert h.mark("b.md") is None
