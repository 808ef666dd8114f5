"""Similar comments grouped (pure: texts in, a group number per text out).

Exact duplicates (after models/grouping/normalise.py) are one item with a count; the
distinct texts are vectorised by character n-gram TF-IDF (3–5 characters within words,
sublinear tf: wordings that share their words' stems are near whatever the word order and
endings) and clustered by average linkage on cosine distance, cut at THRESHOLD (tuned on
tests/rules/grouping_set.py). Average linkage, not single: a chain of each-a-little-alike
texts never joins two requests. Above LINEAR_ABOVE distinct texts the quadratic distance
matrix is replaced by leader clustering on the same vectors: the most repeated text leads,
each next one joins the nearest leader within the threshold or leads a group of its own,
batched sparse dot products against the leaders. Two texts naming different distinguishing
terms of one family (stock.DISTINGUISHING: Mặt trận / Đoàn Thanh niên, hằng quý / đột xuất)
are never grouped.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from models.grouping.normalise import normalise, signature

# Cosine distances tuned on tests/rules/grouping_set.py (purity 1.0 / completeness 1.0 there
# for 0.62–0.65, 0.97 / 1.0 at 0.68): average linkage stops merging at THRESHOLD; a leader
# takes a text within LEADER_THRESHOLD (tighter: a leader is one text, not a group's mean).
THRESHOLD = 0.62
LEADER_THRESHOLD = 0.55
LINEAR_ABOVE = 3000  # distinct texts above which leader clustering takes over
BATCH = 2048  # texts compared against the leaders at once
FAR = 2.0  # the distance given to two texts that name different distinguishing terms


@dataclass(frozen=True)
class Distinct:
    keys: list[str]  # the distinct normalised texts
    counts: list[int]  # how many inputs each stands for
    of_input: list[int]  # input index → distinct index


def distinct(texts: Sequence[str]) -> Distinct:
    index: dict[str, int] = {}
    counts: list[int] = []
    of_input: list[int] = []
    for text in texts:
        key = normalise(text)
        at = index.setdefault(key, len(index))
        if at == len(counts):
            counts.append(0)
        counts[at] += 1
        of_input.append(at)
    return Distinct(list(index), counts, of_input)


def _codes(keys: list[str]) -> np.ndarray:
    """One integer column per family of distinguishing terms: 0 names none, equal codes
    name the same members."""
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for key in keys:
        sig = signature(key)
        rows.append(
            [0 if not v else seen.setdefault((f, v), len(seen) + 1) for f, v in sig.items()]
        )
    return np.array(rows, dtype=np.int32).reshape(len(keys), -1)


def _conflict(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """len(a) × len(b): True where the two name different terms of some family."""
    out = np.zeros((len(a), len(b)), dtype=bool)
    for f in range(a.shape[1]):
        x, y = a[:, f][:, None], b[:, f][None, :]
        out |= (x != 0) & (y != 0) & (x != y)
    return out


def vectorise(keys: list[str]) -> sparse.csr_matrix:
    vec = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    )
    return vec.fit_transform(keys).tocsr()  # rows are L2-normalised: dot = cosine


def _average_linkage(x: sparse.csr_matrix, codes: np.ndarray, threshold: float) -> np.ndarray:
    n = x.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    dist = 1.0 - (x @ x.T).toarray()
    np.clip(dist, 0.0, 1.0, out=dist)
    dist[_conflict(codes, codes)] = FAR
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return np.asarray(model.fit_predict(dist), dtype=np.int64)


def _leaders(
    x: sparse.csr_matrix, codes: np.ndarray, order: np.ndarray, threshold: float
) -> np.ndarray:
    """Leader clustering in `order` (most repeated first): linear in texts × leaders."""
    labels = np.full(x.shape[0], -1, dtype=np.int64)
    leader_rows: list[int] = []
    blocks: list[sparse.csr_matrix] = []  # the leaders' vectors, transposed, stacked later
    leaders_t: sparse.csr_matrix | None = None
    least = 1.0 - threshold
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        if blocks:
            pending = sparse.hstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]
            leaders_t = pending if leaders_t is None else sparse.hstack([leaders_t, pending])
            leaders_t = leaders_t.tocsr()
            blocks = []
        if leaders_t is not None:
            sims = (x[batch] @ leaders_t).toarray()
            sims[_conflict(codes[batch], codes[leader_rows])] = -1.0
            best = sims.argmax(axis=1)
            ok = sims[np.arange(len(batch)), best] >= least
            labels[batch[ok]] = best[ok]
            rest = batch[~ok]
        else:
            rest = batch
        # Within the batch, texts no earlier leader took are led one by one, against the
        # batch's own new leaders: one dense rest × rest product, then numpy rows only.
        local: list[int] = []
        if len(rest):
            within = (x[rest] @ x[rest].T).toarray()
            within[_conflict(codes[rest], codes[rest])] = -1.0
            picked: list[int] = []  # positions in `rest` of the new leaders
            for pos, row in enumerate(rest):
                if picked:
                    sims_l = within[pos, picked]
                    j = int(sims_l.argmax())
                    if sims_l[j] >= least:
                        labels[row] = labels[rest[picked[j]]]
                        continue
                labels[row] = len(leader_rows)
                leader_rows.append(int(row))
                local.append(int(row))
                picked.append(pos)
        if local:
            blocks.append(x[local].T.tocsr())
    return labels


def group(texts: Sequence[str], *, threshold: float | None = None) -> list[int]:
    """A group number per text (0, 1, …, numbered by first appearance): texts with one
    number are suggested as one group."""
    if not texts:
        return []
    d = distinct(texts)
    # A text that is nothing but stock phrases or punctuation has no n-grams: such texts
    # are one group of their own (one distinct key, ""), the rest are clustered.
    worded = [i for i, k in enumerate(d.keys) if k]
    labels = np.zeros(len(d.keys), dtype=np.int64)
    if worded:
        keys = [d.keys[i] for i in worded]
        x, codes = vectorise(keys), _codes(keys)
        if len(keys) > LINEAR_ABOVE:
            order = np.argsort(-np.asarray([d.counts[i] for i in worded]), kind="stable")
            found = _leaders(x, codes, order, LEADER_THRESHOLD if threshold is None else threshold)
        else:
            found = _average_linkage(x, codes, THRESHOLD if threshold is None else threshold)
        labels[worded] = found + 1
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(labels[i]), len(renumber)) for i in d.of_input]
