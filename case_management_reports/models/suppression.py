# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small-cell suppression for published aggregate tables (no ORM).

A *line* is a list of non-negative counts (one per breakdown value) and its
total, which is always the sum of the cells (each unit is counted in exactly
one breakdown value). A report holds several lines; lines that count the
same population (same measure, programme and period, e.g. children by gender
and children by age band) share their total through a ``total_key``.

Rules
-----
* k is at least :data:`MIN_K` (3).
* **Primary**: a cell with ``0 < value < k`` is hidden and shown as
  ``"<k"``. Published zeros disclose nothing about a person and stay. A line
  whose total is under k is hidden whole (zeros included, all ``"<k"``).
* **Secondary**: the reader is assumed to know the rule: a ``"<k"`` cell lies
  in ``[1, k-1]`` (``[0, k-1]`` in a line hidden whole), a secondary cell
  (shown as ``"x"``) in ``[k, ...)``. All lines of a report are one
  system: every figure (cell or total, one variable however many places
  show it) gets an interval from its mark, and each line's sum (cells =
  total) tightens the intervals until nothing changes. While any hidden
  figure has a single feasible value, one more figure next to it is hidden
  (the smallest non-zero published cell of a line holding it, else that
  line's total, else a cell of a line sharing the total); a line that
  still cannot be protected is withheld (every cell ``"x"``).
* **Cross-table links**: a cell may carry a ``key`` naming the same figure
  elsewhere in the report: the same cell of the same population in another
  table, or the total of a filtered table (the "school" cell of families by
  setting is the total of the table of families filtered to the school). A
  line's total is named by its ``total_key``. Linked figures are one value:
  when one is hidden, all are hidden.
  A cell of an unfiltered table is the sum of the same cell over the
  filtered tables and an unpublished rest: such sums are lines of their
  own, never printed, with the rest marked ``unpublished``.
* **Rates** (numerator / denominator) are published only when both are
  published and both are at least k.
"""

MIN_K = 3
DEFAULT_K = 5
PRIMARY = "primary"  # "<k", 1..k-1
SMALL = "small"  # "<k", 0..k-1: the line's total is under k
SECONDARY = "secondary"  # "x", k and more
WITHHELD = "withheld"  # "x", anything
INF = float("inf")


def check_k(k):
    """Return k as an int, refusing values under :data:`MIN_K`."""
    k = int(k or 0)
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}, got {k}")
    return k


def bounds(status, k):
    """What a reader knows about a hidden value from its mark."""
    if status == PRIMARY:
        return 1, k - 1
    if status == SMALL:
        return 0, k - 1
    if status == SECONDARY:
        return k, INF
    return 0, INF


def _mark(value, k):
    """The mark of a figure hidden because a linked figure is hidden."""
    if value == 0:
        return SMALL
    return PRIMARY if value < k else SECONDARY


def _var(lines, keys, n, i):
    """The figure at cell i of line n (``None``: the line's total)."""
    if i is None:
        return ("link", keys[n])
    cell_keys = lines[n].get("keys") or ()
    if i < len(cell_keys) and cell_keys[i] is not None:
        return ("link", cell_keys[i])
    return ("cell", n, i)


def _propagate(values, status, keys, total_status, totals, lines, k):
    """What a reader can work out: every figure's feasible interval from
    the published figures, the marks, and each line's sum (cells = total),
    tightened until nothing changes. Returns the hidden figures pinned to a
    single value, each with the places ``(n, i)`` it has (i None: total)."""
    bound, places = {}, {}

    def meet(var, lo, hi):
        old = bound.get(var, (0, INF))
        bound[var] = (max(old[0], lo), min(old[1], hi))

    hidden = set()
    for n, vals in enumerate(values):
        for i, v in enumerate(vals):
            var = _var(lines, keys, n, i)
            places.setdefault(var, []).append((n, i))
            if status[n][i] is None:
                meet(var, v, v)
            else:
                hidden.add(var)
                meet(var, *bounds(status[n][i], k))
        var = _var(lines, keys, n, None)
        places.setdefault(var, []).append((n, None))
        if total_status[keys[n]] is None:
            meet(var, totals[n], totals[n])
        else:
            hidden.add(var)
            meet(var, *bounds(total_status[keys[n]], k))
    rows = [
        (
            [_var(lines, keys, n, i) for i in range(len(vals))],
            _var(lines, keys, n, None),
        )
        for n, vals in enumerate(values)
    ]
    for _round in range(100):
        changed = False
        for cells, total in rows:
            lo_sum = sum(bound[c][0] for c in cells)
            hi_sum = sum(bound[c][1] for c in cells)
            t_lo, t_hi = bound[total]
            new_total = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new_total != (t_lo, t_hi):
                bound[total] = new_total
                changed = True
            t_lo, t_hi = bound[total]
            for c in cells:
                c_lo, c_hi = bound[c]
                new = (
                    max(c_lo, t_lo - (hi_sum - c_hi)),
                    min(c_hi, t_hi - (lo_sum - c_lo)),
                )
                if new != (c_lo, c_hi):
                    bound[c] = new
                    lo_sum += new[0] - c_lo
                    hi_sum += new[1] - c_hi
                    changed = True
        if not changed:
            break
    return [
        where
        for var, where in places.items()  # in order: the same result each run
        if var in hidden and bound[var][0] >= bound[var][1]
    ]


def _protect(exposed, values, status, keys, total_status, lines, withheld):
    """Hide one more figure next to the first exposed one: the smallest
    published cell of a line holding it, else such a line's total, else
    the smallest published cell of a line sharing that total, else
    withhold the line. Returns whether anything changed."""
    for figure in exposed:
        line_ids = sorted({n for n, _i in figure if n not in withheld})
        candidates = [
            (v, n, i)
            for n in line_ids
            for i, v in enumerate(values[n])
            if status[n][i] is None and v > 0
        ]
        if candidates:
            _v, n, i = min(candidates)
            status[n][i] = SECONDARY
            return True
        for n in line_ids:
            if total_status[keys[n]] is None:
                total_status[keys[n]] = SECONDARY
                return True
        # Lines sharing the total: their published cells pin it down.
        siblings = [
            (v, m, i)
            for m, key in enumerate(keys)
            if m not in withheld
            and m not in line_ids
            and key in {keys[n] for n in line_ids}
            for i, v in enumerate(values[m])
            if status[m][i] is None and v > 0
        ]
        if siblings:
            _v, m, i = min(siblings)
            status[m][i] = SECONDARY
            return True
        for n in line_ids:
            if not lines[n].get("unpublished"):
                status[n] = [WITHHELD] * len(values[n])
                withheld.add(n)
                total_status[keys[n]] = total_status[keys[n]] or SECONDARY
                return True
    return False


def _spread(links, values, status, total_status, key_totals, k):
    """Hide every place of a linked figure hidden in one place."""
    spread = False
    for link, cells in links.items():
        hidden = any(status[n][i] is not None for n, i in cells) or (
            link in total_status and total_status[link] is not None
        )
        if not hidden:
            continue
        for n, i in cells:
            if status[n][i] is None:
                status[n][i] = _mark(values[n][i], k)
                spread = True
        if link in total_status and total_status[link] is None:
            total_status[link] = _mark(key_totals[link], k)
            spread = True
    return spread


def suppress_lines(lines, k):
    """Suppress the lines of one report.

    ``lines`` is a list of dicts with ``values`` (non-negative ints), an
    optional ``total_key`` (lines with the same key count the same
    population) and optional ``keys``, one link key (or None) per cell: a
    cell whose key equals another cell's key, or another line's
    ``total_key``, is the same figure. Returns a list of
    ``(status, total_status)`` in the same order, each status None
    (published) or one of the marks above."""
    k = check_k(k)
    keys = [
        line.get("total_key") if line.get("total_key") is not None else ("line", n)
        for n, line in enumerate(lines)
    ]
    values = [list(line["values"]) for line in lines]
    totals = [sum(v) for v in values]
    small_keys = {key for key, total in zip(keys, totals, strict=True) if total < k}
    status = []
    for key, vals in zip(keys, values, strict=True):
        if key in small_keys:
            status.append([SMALL if sum(vals) else None for _v in vals])
        else:
            status.append([PRIMARY if 0 < v < k else None for v in vals])
    for n, line in enumerate(lines):
        for i in line.get("unpublished") or ():
            status[n][i] = WITHHELD
    total_status = {
        key: (PRIMARY if key in small_keys and total else None)
        for key, total in zip(keys, totals, strict=True)
    }
    # Linked figures: link key -> cells (n, i); totals are linked by key.
    links = {}
    for n, line in enumerate(lines):
        for i, cell_key in enumerate(line.get("keys") or ()):
            if cell_key is not None:
                links.setdefault(cell_key, []).append((n, i))
    key_totals = dict(zip(keys, totals, strict=True))
    withheld = set()
    for _round in range(10 * sum(len(v) + 1 for v in values) + 10):
        # Linked figures share one fate: hidden everywhere once hidden.
        spread = _spread(links, values, status, total_status, key_totals, k)
        if spread:
            continue
        exposed = _propagate(values, status, keys, total_status, totals, lines, k)
        if not exposed:
            break
        if not _protect(exposed, values, status, keys, total_status, lines, withheld):
            break
    return [(status[n], total_status[key]) for n, key in enumerate(keys)]


def suppress_line(values, k):
    """Suppress one line on its own: ``(status, total_status)``."""
    return suppress_lines([{"values": values}], k)[0]


def rate_published(numerator, denominator, num_status, den_status, k):
    """A rate is shown only when both parts are shown and at least k."""
    k = check_k(k)
    return (
        num_status is None
        and den_status is None
        and numerator >= k
        and denominator >= k
    )


def label(value, status, k):
    """Text shown for a cell: the number, ``"<k"`` or ``"x"``."""
    if status in (PRIMARY, SMALL):
        return f"<{k}"
    if status in (SECONDARY, WITHHELD):
        return "x"
    return value
