"""Bounded runs of the parse + render fuzz target, and replay of every input it ever broke on."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_parse_render import check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
REGRESSIONS = sorted((HERE / "regressions").glob("*"))
CORPUS = sorted((HERE / "corpus").glob("*"))
# Seconds of coverage-guided fuzzing in the default run; raise it with ND_FUZZ_SECONDS.
FUZZ_SECONDS = int(os.environ.get("ND_FUZZ_SECONDS", "20"))

pytestmark = pytest.mark.timeout(FUZZ_SECONDS + 240)


@pytest.mark.parametrize("path", CORPUS + REGRESSIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seed_and_regression_inputs(path: Path) -> None:
    check(path.read_bytes())


@pytest.mark.fuzz
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
def test_coverage_guided_fuzzing_finds_nothing(tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    work.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_parse_render.py"),
            f"-max_total_time={FUZZ_SECONDS}",
            "-max_len=4096",
            "-rss_limit_mb=3072",
            "-timeout=30",
            "-seed=1",
            str(work),
            str(HERE / "corpus"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=FUZZ_SECONDS + 180,
    )
    crashes = sorted(
        p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-"))
    )
    assert proc.returncode == 0 and not crashes, (
        f"the fuzzer found {crashes}: copy them into tests/fuzz/regressions/\n{proc.stderr[-3000:]}"
    )


# Without atheris (or as a cheap extra), hypothesis drives the same target.
_PIECES = [
    b"[[", b"]]", b"![[", b"|", b"#", b"^id", b"%%", b"==", b"$$", b"$", b"```", b"~~~",
    b"> [!note]", b"- [ ] ", b"1. ", b"---\n", b"<div>", b"</div>", b"<img src=x onerror=y>",
    b"<script>", b"javascript:", b"[a](", b")", b"\n", b"\n\n", b"    ", b"\t", b"\xff",
    b"\xef\xbb\xbf", b"\r\n", b"\x00", b"&a ", b"*a", b"{", b"}",
]  # fmt: skip


@pytest.mark.fuzz
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=8)), max_size=60))
def test_hypothesis_drives_the_fuzz_target(parts: list[bytes]) -> None:
    check(b"".join(parts))
