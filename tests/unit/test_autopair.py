from notedesk.core.autopair import closing_for, deletes_pair, wrap_for


def test_closing_for_pairs_before_space_end_or_closer() -> None:
    assert closing_for("(", "", "") == ")"
    assert closing_for("[", "a [", "]") == "]"
    assert closing_for("{", "", " x") == "}"
    assert closing_for("(", "", "word") is None
    assert closing_for("x", "", "") is None
    assert closing_for('"', "say ", "") == '"'
    assert closing_for('"', "say", "") is None
    assert closing_for("'", "", "") is None  # apostrophes in prose: never paired


def test_wrap_and_delete_pair() -> None:
    assert wrap_for("[") == ("[", "]")
    assert wrap_for("*") == ("*", "*")
    assert wrap_for("`") == ("`", "`")
    assert wrap_for("a") is None
    assert deletes_pair("x[", "]y")
    assert deletes_pair('"', '"')
    assert not deletes_pair("x[", "y]")
    assert not deletes_pair("", ")")
