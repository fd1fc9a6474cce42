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
  (shown as ``"x"``) in ``[k, ...)``. Lines sharing a total are one system:
  the feasible totals are the intersection of what each line allows, and
  each hidden cell's feasible values form an interval computed exactly from
  it. While any hidden cell or hidden total has a single feasible value, one
  more cell of its line is hidden (the smallest non-zero published one, else
  the total itself, in every line sharing it); a line that still cannot be
  protected is withheld (every cell ``"x"``).
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


def _line_total_interval(values, status, k):
    known = sum(v for v, s in zip(values, status, strict=True) if s is None)
    lo = hi = known
    for s in status:
        if s is not None:
            b_lo, b_hi = bounds(s, k)
            lo += b_lo
            hi += b_hi
    return lo, hi


def _exposed(values, status, total_interval, k):
    """Hidden cells of one line whose feasible values are a single one."""
    t_lo, t_hi = total_interval
    known = sum(v for v, s in zip(values, status, strict=True) if s is None)
    hidden = [i for i, s in enumerate(status) if s is not None]
    exposed = []
    for i in hidden:
        lo_x, hi_x = bounds(status[i], k)
        lo_o = hi_o = 0
        for j in hidden:
            if j != i:
                b_lo, b_hi = bounds(status[j], k)
                lo_o += b_lo
                hi_o += b_hi
        lo = max(lo_x, t_lo - known - hi_o)
        hi = min(hi_x, t_hi - known - lo_o)
        if lo >= hi:
            exposed.append(i)
    return exposed


def suppress_lines(lines, k):
    """Suppress the lines of one report.

    ``lines`` is a list of dicts with ``values`` (non-negative ints) and an
    optional ``total_key``; lines with the same key count the same
    population. Returns a list of ``(status, total_status)`` in the same
    order, each status None (published) or one of the marks above."""
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
    total_status = {
        key: (PRIMARY if key in small_keys and total else None)
        for key, total in zip(keys, totals, strict=True)
    }
    withheld = set()
    for _round in range(10 * sum(len(v) + 1 for v in values) + 10):
        # Feasible totals per key: the mark's bounds and every line's range.
        intervals = {}
        for key in set(keys):
            if total_status[key] is None:
                total = totals[keys.index(key)]
                intervals[key] = (total, total)
            else:
                intervals[key] = bounds(total_status[key], k)
        for n, key in enumerate(keys):
            if total_status[key] is not None:
                lo, hi = _line_total_interval(values[n], status[n], k)
                intervals[key] = (
                    max(intervals[key][0], lo),
                    min(intervals[key][1], hi),
                )
        changed = False
        for n, key in enumerate(keys):
            if n in withheld:
                continue
            t_lo, t_hi = intervals[key]
            exposed = _exposed(values[n], status[n], (t_lo, t_hi), k)
            if total_status[key] is not None and t_lo >= t_hi:
                exposed.append(None)
            if not exposed:
                continue
            candidates = [
                (v, i)
                for i, v in enumerate(values[n])
                if status[n][i] is None and v > 0
            ]
            # Lines sharing the total: their published cells pin it down.
            shared = [
                (v, m, i)
                for m, other in enumerate(keys)
                if other == key and m != n and m not in withheld
                for i, v in enumerate(values[m])
                if status[m][i] is None and v > 0
            ]
            if candidates:
                status[n][min(candidates)[1]] = SECONDARY
            elif total_status[key] is None:
                total_status[key] = SECONDARY
            elif shared:
                _v, m, i = min(shared)
                status[m][i] = SECONDARY
            else:
                status[n] = [WITHHELD] * len(values[n])
                withheld.add(n)
                total_status[key] = total_status[key] or SECONDARY
            changed = True
            break
        if not changed:
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
