from notedesk.core.listtree import subtree_end


def test_subtree_is_the_deeper_lines_after_an_item() -> None:
    lines = ["- a", "- b", "\t- c", "", "    - d", "\t\ttext", "", "- e"]
    assert subtree_end(lines, 1) == 5  # trailing blank line not included
    assert subtree_end(lines, 0) == 0
    assert subtree_end(lines, 2) == 2  # "    - d" is as deep as "\t- c"
    assert subtree_end(lines, 7) == 7


def test_subtree_stays_in_its_quote_and_plain_lines_have_none() -> None:
    assert subtree_end(["> - b", ">   - c", "> - d"], 0) == 1
    assert subtree_end(["> - b", "\t- c"], 0) == 0
    assert subtree_end(["plain", "\t- c"], 0) == 0
