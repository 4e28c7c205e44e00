"""Seeded generator of realistic Markdown vaults for benchmarks.

Folders (nested up to three levels), YAML frontmatter (some of it invalid, as
real template placeholders are), power-law link targets (a few hub notes get
most links), unresolved links, headings and block refs, nested inline tags,
tasks, code fences, tables, embeds of attachments and lognormal note sizes
around a 1.5 KB median.

    python bench/vaultgen.py OUT --notes N --seed S
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import os
import random
import sys
from pathlib import Path

WORDS = [
    "time",
    "person",
    "year",
    "way",
    "day",
    "thing",
    "man",
    "world",
    "life",
    "hand",
    "part",
    "child",
    "eye",
    "woman",
    "place",
    "work",
    "week",
    "case",
    "point",
    "government",
    "company",
    "number",
    "group",
    "problem",
    "fact",
    "be",
    "have",
    "do",
    "say",
    "get",
    "make",
    "go",
    "know",
    "take",
    "see",
    "come",
    "think",
    "look",
    "want",
    "give",
    "use",
    "find",
    "tell",
    "ask",
    "seem",
    "feel",
    "try",
    "leave",
    "call",
    "good",
    "new",
    "first",
    "last",
    "long",
    "great",
    "little",
    "own",
    "other",
    "old",
    "right",
    "big",
    "high",
    "different",
    "small",
    "large",
    "next",
    "early",
    "young",
    "important",
    "few",
    "public",
    "bad",
    "same",
    "able",
    "project",
    "meeting",
    "garden",
    "recipe",
    "budget",
    "travel",
    "book",
    "paper",
    "draft",
    "idea",
    "review",
    "system",
    "design",
    "network",
    "memory",
    "cache",
    "index",
    "search",
    "python",
    "rust",
    "music",
    "film",
    "coffee",
    "river",
    "mountain",
    "ocean",
    "forest",
    "winter",
    "summer",
    "autumn",
    "spring",
    "café",
    "naïve",
    "résumé",
    "über",
    "straße",
    "fjord",
    "tomato",
    "onion",
    "garlic",
    "kernel",
    "thread",
    "socket",
    "parser",
    "theory",
    "history",
    "physics",
    "biology",
    "chemistry",
    "algebra",
    "market",
    "client",
    "server",
    "window",
    "editor",
]
TAGS = [
    "project",
    "inbox",
    "inbox/to-read",
    "inbox/waiting",
    "area/work",
    "area/home",
    "area/health",
    "status/active",
    "status/done",
    "status/someday",
    "type/book",
    "type/article",
    "type/person",
    "idea",
    "journal",
    "meeting",
    "reading/fiction",
    "reading/non-fiction",
    "code/python",
    "code/rust",
    "日本語",
    "café",
]
LANGS = ("python", "rust", "js", "bash", "", "sql")


class _Gen:
    def __init__(self, notes: int, seed: int) -> None:
        self.rng = random.Random(seed)
        # Body text draws from a Zipf-distributed vocabulary (the common words above, then
        # thousands of rarer made-up ones), so word frequencies look like real prose.
        syllables = ["ka", "lo", "mi", "ren", "ta", "vu", "sel", "dor", "ix", "pha", "qu", "zen"]
        vocab_rng = random.Random(seed ^ 0x5EED)
        rare = {
            "".join(vocab_rng.choice(syllables) for _ in range(vocab_rng.randint(2, 4)))
            for _ in range(6000)
        }
        self.vocab = WORDS + sorted(rare - set(WORDS))
        self.vocab_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.vocab))))
        self.count = notes
        rng = self.rng
        n_folders = max(1, int(math.sqrt(notes) / 2))
        folders = [""]
        for i in range(n_folders):
            parent = rng.choice(folders) if rng.random() < 0.4 else ""
            if parent.count("/") >= 3:
                parent = ""
            name = f"{rng.choice(WORDS).title()} {i}"
            folders.append(f"{parent}{name}/")
        self.folders = folders
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < notes:
            n = rng.choice((1, 2, 2, 3, 3, 4))
            name = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()
            if rng.random() < 0.3:
                name += f" {rng.randint(1, 9999)}"
            if name.casefold() in seen:
                continue
            seen.add(name.casefold())
            names.append(name)
        self.names = names
        self.paths = [f"{rng.choice(folders)}{name}.md" for name in names]
        # Zipf-like weights: hub notes receive most links.
        self.weights = [1.0 / (rank + 1) ** 1.1 for rank in range(notes)]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        self.attachments = [f"attachments/image {i}.png" for i in range(max(1, notes // 50))]

    def target(self) -> str:
        rng = self.rng
        x = rng.random() * self.cum[-1]
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.names[lo]

    def word(self) -> str:
        x = self.rng.random() * self.vocab_cum[-1]
        return self.vocab[min(bisect.bisect_left(self.vocab_cum, x), len(self.vocab) - 1)]

    def sentence(self) -> str:
        rng = self.rng
        words = [self.word() for _ in range(rng.randint(6, 18))]
        r = rng.random()
        if r < 0.22:
            words.insert(rng.randrange(len(words)), self.wikilink())
        elif r < 0.27:
            words.insert(rng.randrange(len(words)), "#" + rng.choice(TAGS))
        elif r < 0.29:
            name = self.target()
            words.insert(
                rng.randrange(len(words)), f"[{rng.choice(WORDS)}]({name.replace(' ', '%20')}.md)"
            )
        elif r < 0.30:
            words.append("`inline #code [[not a link]]`")
        elif r < 0.31:
            words.append("https://example.com/page#anchor")
        return " ".join(words).capitalize() + "."

    def wikilink(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.05:
            return f"[[Missing {rng.choice(WORDS)} {rng.randint(1, 300)}]]"
        name = self.target()
        if r < 0.12:
            return f"[[{name}#{rng.choice(WORDS).title()}]]"
        if r < 0.2:
            return f"[[{name}|{rng.choice(WORDS)}]]"
        if r < 0.22:
            return f"![[{rng.choice(self.attachments).rsplit('/', 1)[-1]}]]"
        return f"[[{name}]]"

    def frontmatter(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return ""
        lines = ["---"]
        if r < 0.37:
            lines.append("created: {{date}}")  # template placeholder: invalid YAML
        else:
            lines.append(f"created: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        tags = rng.sample(TAGS, rng.randint(0, 3))
        if tags:
            lines.append("tags:")
            lines.extend(f"  - {t}" for t in tags)
        if rng.random() < 0.2:
            lines.append(f"aliases: [{rng.choice(WORDS).title()} {rng.randint(1, 99)}]")
        if rng.random() < 0.3:
            lines.append(f"status: {rng.choice(('draft', 'done', 'review'))}")
        if rng.random() < 0.1:
            lines.append(f"rating: {rng.randint(1, 5)}")
        lines.append("---")
        return "\n".join(lines) + "\n"

    def note(self) -> str:
        rng = self.rng
        size = int(rng.lognormvariate(math.log(1500), 0.9))
        parts = [self.frontmatter()]
        length = len(parts[0])
        while length < size:
            r = rng.random()
            if r < 0.12:
                block = f"{'#' * rng.randint(1, 3)} {rng.choice(WORDS).title()} {rng.choice(WORDS)}"
            elif r < 0.25:
                items = []
                for _ in range(rng.randint(2, 6)):
                    mark = rng.choice(("- ", "- [ ] ", "- [x] ", "* ", "1. ", "- [?] "))
                    indent = rng.choice(("", "", "  ", "\t"))
                    items.append(f"{indent}{mark}{self.sentence()}")
                block = "\n".join(items)
            elif r < 0.31:
                lang = rng.choice(LANGS)
                code = "\n".join(
                    f"x_{i} = {rng.choice(WORDS)!r}  # [[not a link]] #nottag"
                    for i in range(rng.randint(2, 8))
                )
                block = f"```{lang}\n{code}\n```"
            elif r < 0.35:
                rows = [
                    f"| {rng.choice(WORDS)} | {self.target()} |" for _ in range(rng.randint(2, 5))
                ]
                link = f"| link | [[{self.target()}\\|alias]] |"
                block = "\n".join(["| key | value |", "|---|---|", *rows, link])
            elif r < 0.37:
                block = f"> [!note] {rng.choice(WORDS)}\n> {self.sentence()}"
            elif r < 0.39:
                block = f"$$\nx^{rng.randint(2, 9)} + y\n$$"
            else:
                block = " ".join(self.sentence() for _ in range(rng.randint(1, 5)))
                if rng.random() < 0.05:
                    block += f" ^{rng.choice(WORDS)}-{rng.randint(1, 99)}"
            parts.append(block)
            length += len(block) + 2
        return "\n\n".join(p for p in parts if p) + "\n"


def generate_vault(path: str | os.PathLike[str], notes: int, seed: int) -> None:
    """Write a vault of ``notes`` notes into ``path`` (created if missing), deterministically."""
    root = Path(path)
    gen = _Gen(notes, seed)
    made: set[str] = set()
    for rel in gen.paths:
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        if folder and folder not in made:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (root / rel).write_text(gen.note(), encoding="utf-8")
    (root / "attachments").mkdir(parents=True, exist_ok=True)
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
    for rel in gen.attachments:
        (root / rel).write_bytes(png)
    (root / ".obsidian").mkdir(exist_ok=True)
    (root / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", help="folder to create the vault in")
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    generate_vault(args.out, args.notes, args.seed)
    print(f"wrote {args.notes} notes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
