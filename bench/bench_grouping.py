"""Grouping time and peak memory (models/grouping/engine.py) for 10,000 and 100,000
synthetic comments made from the labelled set (tests/rules/grouping_set.py) with
variations: a district's name, a stock opener or closer, accents dropped, a word swapped,
so most texts are distinct and the leader clustering path runs. Aims (issue 13): ≤ 3 s and
≤ 30 s, peak ≤ 500 MB; beside it, the time to normalise the texts alone."""

import random
import resource
import time
import unicodedata

from models.grouping.engine import group
from models.grouping.normalise import normalise
from tests.rules.grouping_set import ITEMS

DISTRICTS = ["Bù Đăng", "Đồng Xoài", "Chơn Thành", "Lộc Ninh", "Bù Gia Mập", "Hớn Quản"]
OPENERS = ["", "Đề nghị ", "Đề nghị Ban soạn thảo ", "Theo chúng tôi, ", "Kiến nghị "]
CLOSERS = ["", " cho phù hợp.", " cho phù hợp với thực tế.", ".", " trong dự thảo."]
EXTRA = ["tại địa phương", "ở cơ sở", "trong thời gian tới", "các cấp", "kịp thời", ""]


def _unaccented(text: str) -> str:
    out = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in out if unicodedata.category(c) != "Mn")


def synthetic(n: int, seed: int = 13) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        _, text = rnd.choice(ITEMS)
        text = text.rstrip(".")
        words = text.split()
        if len(words) > 4 and rnd.random() < 0.3:
            i = rnd.randrange(1, len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        body = " ".join(words) + " " + rnd.choice(EXTRA)
        if rnd.random() < 0.5:
            body += f" (Huyện ủy {rnd.choice(DISTRICTS)}, ý kiến {rnd.randrange(1000)})"
        text = rnd.choice(OPENERS) + body.strip() + rnd.choice(CLOSERS)
        if rnd.random() < 0.3:
            text = _unaccented(text)
        out.append(text)
    return out


def _measure(texts: list[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    keys = [normalise(t) for t in texts]
    read = time.perf_counter() - started
    # Timed without tracemalloc (it slows Python code several times); the memory figure is
    # the process's peak resident size, which covers numpy's and scipy's buffers too.
    started = time.perf_counter()
    labels = group(texts)
    took = time.perf_counter() - started
    assert len(labels) == len(texts) and len(set(keys)) > 0
    return took, read, len(set(labels))


def main() -> None:
    for n, aim in ((10_000, 3.0), (100_000, 30.0)):
        texts = synthetic(n)
        distinct = len({normalise(t) for t in texts})
        took, read, groups = _measure(texts)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:,} comments ({distinct:,} distinct after normalising): {took:.2f} s "
            f"(aim ≤ {aim:.0f} s, ratio {took / aim:.2f}), {groups:,} groups, "
            f"normalising alone {read:.2f} s, process max RSS {rss:.0f} MB (aim ≤ 500 MB)",
            flush=True,
        )


if __name__ == "__main__":
    main()
