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


def test_back_and_forward_skip_and_forget_what_no_longer_exists():
    h = History()
    for loc in ("A.md", "B.md", "C.md", "D.md"):
        h.visit(loc)
    gone = {"B.md", "C.md"}
    assert h.step(-1, lambda loc: loc not in gone) == "A.md"
    assert h.items() == ["A.md", "D.md"]
    assert h.current == "A.md"
    assert h.step(1, lambda loc: loc not in gone) == "D.md"
    assert h.step(1, lambda loc: True) is None
    gone.add("A.md")
    assert h.step(-1, lambda loc: loc not in gone) is None
    assert h.items() == ["D.md"] and h.current == "D.md"
    assert not h.can_go_back()


def test_forward_skips_a_deleted_note_too():
    h = History()
    for loc in ("A.md", "B.md", "C.md"):
        h.visit(loc)
    h.back()
    h.back()
    assert h.step(1, lambda loc: loc != "B.md") == "C.md"
    assert h.items() == ["A.md", "C.md"]


def test_a_deleted_folder_takes_its_notes_out_of_history():
    h = History()
    for loc in ("A.md", "f/B.md", "f/g/C.md", "fx.md", "D.md"):
        h.visit(loc)
    h.leave("f/B.md", 3)
    h.forget_under("f")
    assert h.items() == ["A.md", "fx.md", "D.md"]
    assert h.current == "D.md"
    assert h.mark("f/B.md") is None
    assert h.back() == "fx.md"


def test_the_same_note_either_side_of_a_deleted_one_is_one_entry():
    h = History()
    for loc in ("A.md", "B.md", "X.md", "B.md", "X.md", "C.md"):
        h.visit(loc)
    h.forget("X.md")
    assert h.items() == ["A.md", "B.md", "C.md"]
    assert h.current == "C.md"
    assert h.back() == "B.md"
    assert h.back() == "A.md"
