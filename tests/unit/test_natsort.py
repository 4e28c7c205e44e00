from notedesk.core.natsort import natural_key, natural_sort_string

NAMES = ["Note 10", "note 2", "Note 1", "a", "Ärger", "Note 2b", "Z 100", "z 20"]


def test_string_key_orders_like_tuple_key():
    assert sorted(NAMES, key=natural_sort_string) == sorted(NAMES, key=natural_key)


def test_numbers_sort_by_value():
    assert sorted(["x10", "x9", "x100"], key=natural_sort_string) == ["x9", "x10", "x100"]
