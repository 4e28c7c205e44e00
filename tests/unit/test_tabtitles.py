from notedesk.core.tabtitles import file_title, tab_titles


def test_titles_without_collisions_are_names():
    assert tab_titles(["docs/index.md", "README.md", "LICENSE"], "V") == [
        "index",
        "README",
        "LICENSE",
    ]
    assert file_title("a/Note.MD") == "Note"


def test_colliding_names_get_their_folder():
    assert tab_titles(["docs/guide/index.md", "docs/index.md"], "V") == [
        "index — guide",
        "index — docs",
    ]


def test_as_much_folder_as_tells_them_apart():
    titles = tab_titles(["a/x/index.md", "b/x/index.md", "c/index.md", "Other.md"], "V")
    assert titles == ["index — a/x", "index — b/x", "index — c", "Other"]
    assert tab_titles(["x/a/b.md", "a/b.md"], "V") == ["b — x/a", "b — a"]


def test_top_folder_and_case():
    assert tab_titles(["index.md", "docs/Index.md"], "My vault") == [
        "index — My vault",
        "Index — docs",
    ]
    assert tab_titles(["a/n.md", "a/n.md"], "V") == ["n", "n"]


def test_a_note_and_a_text_file_of_one_name_are_told_apart():
    # LICENSE (a text file) and LICENSE.md (a note) both read "LICENSE" otherwise
    assert tab_titles(["LICENSE", "LICENSE.md"], "vault") == ["LICENSE", "LICENSE.md"]
    assert tab_titles(["a/LICENSE", "b/LICENSE.md"], "vault") == ["LICENSE", "LICENSE.md"]
    assert tab_titles(["a/LICENSE", "b/LICENSE", "LICENSE.md"], "vault") == [
        "LICENSE — a",
        "LICENSE — b",
        "LICENSE.md",
    ]
    # a text file keeps its extension, a note drops .md: no clash to resolve
    assert tab_titles(["notes.txt", "notes.md"], "vault") == ["notes.txt", "notes"]
