"""The cache's JSON columns: the fast encoder writes what json writes, and all of it decodes."""

from __future__ import annotations

import json
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from notedesk.core.note import BlockId, Heading, Link, NoteMeta, Problem, Tag, Task, parse_note
from notedesk.core.store_codec import JSON, decode_meta, dumps, encode_meta

_text = st.text()  # any code point, surrogates and control characters included
_ints = st.integers(min_value=-(2**70), max_value=2**70)  # past orjson's 64 bits too


def _plain(meta: NoteMeta) -> str:
    """encode_meta as json alone writes it."""
    return JSON(
        [
            meta.frontmatter,
            meta.frontmatter_error,
            meta.frontmatter_end_line,
            meta.aliases,
            meta.tags,
            meta.headings,
            meta.block_ids,
            meta.links,
            meta.tasks,
            meta.problems,
        ]
    )


@settings(max_examples=300)
@given(st.lists(st.one_of(_text, _ints, st.none(), st.lists(_text, max_size=3)), max_size=8))
@example(["\ud800", "a"])  # a lone surrogate: orjson refuses, json writes it
@example(["\x00\x1f\x7f\u2028\"\\/é😀"])
@example([2**64])
def test_dumps_writes_what_json_writes(value: list[object]) -> None:
    assert dumps(value) == JSON(value)


@settings(max_examples=200)
@given(
    st.builds(
        NoteMeta,
        frontmatter=st.dictionaries(
            _text, st.one_of(_text, _ints, st.floats(), st.booleans(), st.none()), max_size=4
        ),
        aliases=st.lists(_text, max_size=3),
        tags=st.lists(st.builds(Tag, _text, _ints, _text), max_size=3),
        headings=st.lists(st.builds(Heading, _ints, _text, _ints, _text), max_size=3),
        block_ids=st.lists(st.builds(BlockId, _text, _ints), max_size=2),
        links=st.lists(
            st.builds(
                Link,
                _text,
                st.none() | _text,
                st.none() | _text,
                _ints,
                _ints,
                st.booleans(),
                st.sampled_from(["wiki", "markdown"]),
                _text,
            ),
            max_size=3,
        ),
        tasks=st.lists(st.builds(Task, _text, _text, _ints), max_size=2),
        problems=st.lists(st.builds(Problem, _ints, _text), max_size=2),
    )
)
def test_encode_meta_writes_what_json_writes_and_decodes(meta: NoteMeta) -> None:
    encoded = encode_meta(meta)
    assert encoded == _plain(meta)
    back = decode_meta(encoded)
    nan = [k for k, v in meta.frontmatter.items() if isinstance(v, float) and math.isnan(v)]
    for key in nan:  # NaN != NaN: compared apart
        assert math.isnan(back.frontmatter.pop(key))
        del meta.frontmatter[key]
    assert back == meta


def test_frontmatter_numbers_stay_as_json_writes_them() -> None:
    meta = parse_note("---\nx: .nan\ny: .inf\n---\nbody")
    encoded = encode_meta(meta)
    assert '"x":NaN' in encoded and '"y":Infinity' in encoded  # not null
    back = decode_meta(encoded)
    assert math.isnan(back.frontmatter["x"]) and back.frontmatter["y"] == math.inf
    big = parse_note("---\nbig: 123456789012345678901234567890\n---\nbody")
    assert decode_meta(encode_meta(big)).frontmatter["big"] == 123456789012345678901234567890
    assert json.loads(encoded)[1] is None
