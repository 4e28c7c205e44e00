from notedesk.core.wordcount import count_words


def test_counts_words_not_frontmatter():
    assert count_words("---\ntags: [a, b]\n---\nHello brave new-world, it's 2026!\n")[0] == 5


def test_unicode_words():
    assert count_words("Grüße aus Köln — 東京")[0] == 4


def test_empty():
    assert count_words("") == (0, 0)


def test_counted_says_one_or_many() -> None:
    from notedesk.core.wordcount import counted

    assert counted(1, "note") == "1 note"
    assert counted(0, "note") == "0 notes"
    assert counted(2048, "link") == "2,048 links"
