"""Person ids grouped by cell, each cell a contiguous segment of one pool array.

The person layer (:mod:`model.people`) must pick k persons at random from a cell (a
group in a place, or the former members outside in a state) and move or remove them at
a cost that grows with k, not with the cell or with everyone. Each cell owns a segment
``pool[start : start + cap]`` whose first ``count`` entries are its persons' ids, in no
particular order; ``pos[id]`` is where a person sits. Then:

- **take k at random** from many cells at once: draw k distinct offsets per cell
  (rejection of repeats, or a random order of the whole cell when k > n / 2, so O(k)),
  then fill the holes they leave with the unchosen persons of the segment's last k
  places (swap-remove): O(k) array operations, no loop over persons or cells;
- **add m** persons to cells: write them after each cell's last person; a cell whose
  segment is full moves to the pool's end with three times the room (amortized O(1) a person);
  the pool is compacted when more than half of it is abandoned segments.

Every operation is vectorized over cells: a week's flows cost a few NumPy calls each.
"""

from __future__ import annotations

import numpy as np

EMPTY = np.zeros(0, dtype=np.int64)
ID = np.int32  # person ids, pool positions, cell counts: below 2**31


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(s, s + n)`` for each (s, n), without a Python loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return EMPTY
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(np.asarray(starts, dtype=np.int64) - offsets, lengths) + np.arange(total)


class Buckets:
    """Person ids by cell with O(k) random selection, removal and insertion.

    Args:
        n_cells: number of cells (grown with :meth:`grow_cells`).
        n_people: room for person ids (grown with :meth:`grow_people`).
    """

    def __init__(self, n_cells: int, n_people: int) -> None:
        """Empty cells."""
        self.start = np.zeros(n_cells, dtype=ID)
        self.count = np.zeros(n_cells, dtype=ID)
        self.cap = np.zeros(n_cells, dtype=ID)
        self.pool = np.full(max(1024, n_people), -1, dtype=ID)
        self.mark = np.zeros(self.pool.size, dtype=bool)  # scratch: chosen positions
        self.owner = np.zeros(self.pool.size, dtype=ID)  # scratch: who drew a place
        self.pos = np.full(n_people, -1, dtype=ID)
        self.end = 0  # pool entries handed out to segments
        self.held = 0  # sum of the segments' room (the rest of [0, end) is abandoned)

    def grow_cells(self, n_cells: int) -> None:
        """Make room for ``n_cells`` cells (new ones empty)."""
        extra = n_cells - self.start.size
        if extra > 0:
            pad = np.zeros(extra, dtype=ID)
            self.start = np.concatenate([self.start, pad])
            self.count = np.concatenate([self.count, pad])
            self.cap = np.concatenate([self.cap, pad])

    def grow_people(self, n_people: int) -> None:
        """Make room for person ids below ``n_people``."""
        extra = n_people - self.pos.size
        if extra > 0:
            self.pos = np.concatenate([self.pos, np.full(extra, -1, dtype=ID)])

    @property
    def size(self) -> int:
        """Persons held in all cells."""
        return int(self.count.sum())

    def members(self, cell: int) -> np.ndarray:
        """The ids in ``cell`` (a copy), in storage order."""
        s = int(self.start[cell])
        return self.pool[s : s + int(self.count[cell])].copy()

    def gather(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids of ``cells`` (grouped by cell, in the given order) and each id's index."""
        counts = self.count[cells]
        ids = self.pool[ranges(self.start[cells], counts)]
        return ids, np.repeat(np.arange(cells.size), counts)

    # ------------------------------------------------------------------ adding
    def add(self, cells: np.ndarray, ids: np.ndarray) -> None:
        """Put person ``ids[i]`` in cell ``cells[i]``."""
        if ids.size == 0:
            return
        if cells.size > 1 and (cells[1:] < cells[:-1]).any():
            order = np.argsort(cells, kind="stable")
            cells, ids = cells[order], ids[order]
        first = np.flatnonzero(np.concatenate([[True], cells[1:] != cells[:-1]]))
        uniq = cells[first]
        m = np.diff(np.append(first, cells.size))
        need = self.count[uniq] + m
        full = need > self.cap[uniq]
        if full.any():
            self._relocate(uniq[full], need[full])
        within = np.arange(ids.size) - np.repeat(first, m)
        where = np.repeat(self.start[uniq] + self.count[uniq], m) + within
        self.pool[where] = ids
        self.pos[ids] = where
        self.count[uniq] = need

    def _reserve(self, extra: int) -> None:
        """Room for ``extra`` more pool entries after ``end`` (compacting or growing)."""
        if self.end + extra <= self.pool.size:
            return
        if self.end - self.held > self.held:  # more abandoned than held: compact first
            self._compact()
            if self.end + extra <= self.pool.size:
                return
        size = max(2 * self.pool.size, self.end + extra)
        self.pool = np.concatenate([self.pool, np.full(size - self.pool.size, -1, ID)])
        self.mark = np.concatenate([self.mark, np.zeros(size - self.mark.size, dtype=bool)])
        self.owner = np.concatenate([self.owner, np.zeros(size - self.owner.size, ID)])

    def _compact(self) -> None:
        """Lay the segments end to end again (emptied cells give their room back)."""
        cells = np.flatnonzero(self.count)
        cap = np.maximum(2 * self.count[cells], 4)
        start = np.cumsum(cap) - cap
        src = ranges(self.start[cells], self.count[cells])
        dst = ranges(start, self.count[cells])
        pool = np.full(self.pool.size, -1, dtype=ID)
        pool[dst] = self.pool[src]
        self.pool = pool
        self.pos[pool[dst]] = dst
        self.cap[:] = 0
        self.start[:] = 0
        self.cap[cells], self.start[cells] = cap, start
        self.end = self.held = int(cap.sum())

    def _relocate(self, cells: np.ndarray, need: np.ndarray) -> None:
        """Move ``cells`` to the pool's end with room for three times ``need`` persons."""
        cap = np.maximum(3 * need, 32)
        self._reserve(int(cap.sum()))
        start = self.end + np.cumsum(cap) - cap
        n = self.count[cells]
        src, dst = ranges(self.start[cells], n), ranges(start, n)
        self.pool[dst] = self.pool[src]
        self.pos[self.pool[dst]] = dst
        self.held += int(cap.sum() - self.cap[cells].sum())
        self.start[cells], self.cap[cells] = start, cap
        self.end += int(cap.sum())

    # ------------------------------------------------------------------ taking
    def take(self, cells: np.ndarray, k: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Remove ``k[i]`` persons chosen uniformly at random from each (distinct) cell.

        Returns their ids grouped by cell in the order of ``cells``, each cell's in a
        random order. ``k[i]`` must not exceed the cell's count.
        """
        k = np.asarray(k, dtype=np.int64)
        keep = k > 0
        if not keep.all():
            cells, k = cells[keep], k[keep]
        if cells.size == 0:
            return EMPTY
        n = self.count[cells]
        start = self.start[cells]
        whole = 2 * k > n  # most of the cell: a random order of all of it, first k
        if not whole.any():
            index = np.repeat(np.arange(cells.size), k)
            offs = self._distinct(start[index], np.repeat(n, k), rng)
        else:
            index, offs = self._offsets(start, k, n, whole, rng)
        chosen_at = start[index] + offs
        ids = self.pool[chosen_at]
        # swap-remove: the chosen outside each segment's last k places take the unchosen
        # persons of those last k places
        self.mark[chosen_at] = True
        tail = ranges(start + n - k, k)
        holes = chosen_at[offs < (n - k)[index]]
        fill = tail[~self.mark[tail]]
        self.mark[chosen_at] = False
        moved = self.pool[fill]
        self.pool[holes] = moved
        self.pos[moved] = holes
        self.count[cells] = n - k
        return ids

    def _distinct(self, start: np.ndarray, bound: np.ndarray, rng: np.random.Generator
                  ) -> np.ndarray:  # fmt: skip
        """One offset below ``bound[i]`` per draw, distinct among draws of one segment.

        Draws that land on a place another draw took are drawn again (the later draw in
        array order keeps the place), which treats every place alike: the chosen set is
        uniform, in a uniformly random order.
        """
        at = start + (rng.random(start.size) * bound).astype(np.int64)
        seq = np.arange(start.size)
        while True:
            self.owner[at] = seq
            lost = np.flatnonzero(self.owner[at] != seq)
            if lost.size == 0:
                return at - start
            at[lost] = start[lost] + (rng.random(lost.size) * bound[lost]).astype(np.int64)

    def _offsets(self, start: np.ndarray, k: np.ndarray, n: np.ndarray, whole: np.ndarray,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """Cell index and offset of each chosen person when some cells give most of theirs."""
        index_parts, offset_parts = [], []
        few = np.flatnonzero(~whole)
        if few.size:
            kk, nn = k[few], n[few]
            index = np.repeat(few, kk)
            offs = self._distinct(start[index], np.repeat(nn, kk), rng)
            index_parts.append(index)
            offset_parts.append(offs)
        most = np.flatnonzero(whole)
        if most.size:
            nn = n[most]
            index = np.repeat(most, nn)
            offs = ranges(np.zeros(most.size, dtype=np.int64), nn)
            order = np.lexsort((rng.random(index.size), index))
            index, offs = index[order], offs[order]
            rank = np.arange(index.size) - np.repeat(np.cumsum(nn) - nn, nn)
            chosen = rank < np.repeat(k[most], nn)
            index_parts.append(index[chosen])
            offset_parts.append(offs[chosen])
        index = np.concatenate(index_parts)
        offs = np.concatenate(offset_parts)
        order = np.argsort(index, kind="stable")  # group by cell, in the given order
        return index[order], offs[order]

    def take_all(self, cells: np.ndarray) -> np.ndarray:
        """Empty ``cells``; return their ids grouped by cell in the given order."""
        ids, _ = self.gather(cells)
        self.count[cells] = 0
        return ids

    def remove(self, cell: int, person: int) -> None:
        """Remove one known person from ``cell`` (swap with the cell's last)."""
        at = int(self.pos[person])
        last = int(self.start[cell] + self.count[cell] - 1)
        other = int(self.pool[last])
        self.pool[at] = other
        self.pos[other] = at
        self.count[cell] -= 1
