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
