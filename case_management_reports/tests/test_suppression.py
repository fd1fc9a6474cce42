# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the pure-Python small-cell suppression (no database)."""

import itertools
import random

from odoo.tests import BaseCase, tagged

from odoo.addons.case_management_reports.models.suppression import (
    PRIMARY,
    SECONDARY,
    SMALL,
    bounds,
    label,
    rate_published,
    suppress_line,
    suppress_lines,
)


def consistent_values(lines, results, k, limit):
    """Every assignment of the hidden cells (and hidden totals) that a reader
    who knows the rule cannot tell apart from the truth: published cells and
    totals as shown, "<k" cells in [1, k-1], "x" cells in [k, limit], lines
    with the same total key sharing their total. Yields one tuple per
    consistent assignment, listing the values of all hidden cells."""
    hidden = []  # (line index, cell index or None for the total, status)
    for li, (status, total_status) in enumerate(results):
        for ci, st in enumerate(status):
            if st:
                hidden.append((li, ci, st))
        if total_status:
            hidden.append((li, None, total_status))

    def domain(st):
        lo, hi = bounds(st, k)
        return range(lo, int(min(hi, limit)) + 1)

    for combo in itertools.product(*(domain(st) for _li, _ci, st in hidden)):
        guess = {(li, ci): v for (li, ci, _st), v in zip(hidden, combo, strict=True)}
        totals = {}
        ok = True
        for li, line in enumerate(lines):
            status, total_status = results[li]
            cells = [
                guess[(li, ci)] if st else v
                for ci, (v, st) in enumerate(zip(line["values"], status, strict=True))
            ]
            total = guess[(li, None)] if total_status else sum(line["values"])
            if sum(cells) != total:
                ok = False
                break
            key = line.get("total_key")
            if key is not None and totals.setdefault(key, total) != total:
                ok = False
                break
        if ok:
            yield combo, hidden


def assert_not_derivable(testcase, lines, results, k):
    limit = max(sum(line["values"]) for line in lines) + k
    seen = {}
    for combo, hidden in consistent_values(lines, results, k, limit):
        for (li, ci, _st), v in zip(hidden, combo, strict=True):
            seen.setdefault((li, ci), set()).add(v)
    for key, values in seen.items():
        testcase.assertGreater(
            len(values),
            1,
            f"hidden cell {key} is derivable in {lines} / {results}",
        )


@tagged("post_install", "-at_install")
class TestSuppression(BaseCase):
    def test_k_never_below_three(self):
        with self.assertRaises(ValueError):
            suppress_line([1, 2], 2)

    def test_primary_and_zero(self):
        status, total_status = suppress_line([12, 3, 0, 9], 5)
        self.assertEqual(status[1], PRIMARY)
        self.assertIsNone(status[2], "a zero is published")
        self.assertIsNone(total_status)
        self.assertEqual(label(3, status[1], 5), "<5")

    def test_secondary_protects_single_hidden_cell(self):
        """One hidden cell and a published total: another cell must go,
        the smallest non-zero one."""
        status, total_status = suppress_line([12, 3, 0, 9], 5)
        self.assertEqual(status, [None, PRIMARY, None, SECONDARY])
        self.assertIsNone(total_status)
        self.assertEqual(label(9, SECONDARY, 5), "x")

    def test_secondary_exact_bounds(self):
        """[k, 1] hidden together with total k+1 would still tell both
        values (the x cell is at least k, the <k cell at least 1): a third
        cell is hidden."""
        status, _total = suppress_line([5, 1, 20], 5)
        self.assertEqual(status.count(None), 0)

    def test_total_hidden_when_no_cell_left(self):
        """[5, 1]: the 1 is in [1, 4], the 5 (shown as x) at least 5, the
        total 6 tells both: the total goes too."""
        status, total_status = suppress_line([5, 1], 5)
        self.assertEqual(status, [SECONDARY, PRIMARY])
        self.assertEqual(total_status, SECONDARY)

    def test_small_total(self):
        """A line under k is hidden whole, zeros included: [0, 1, 1] with
        k = 3 would otherwise tell that both cells are 1."""
        status, total_status = suppress_line([0, 1, 1], 3)
        self.assertEqual(total_status, PRIMARY)
        self.assertEqual(status, [SMALL, SMALL, SMALL])
        self.assertEqual(label(0, SMALL, 3), "<3")

    def test_shared_totals(self):
        """Children by gender hide their total: children by age band must
        hide it too, and a hidden total must not be pinned down by the
        other table ([4, 4] alone tells nothing once the total is hidden,
        but [7, 0, 1] says the total is 8 to 11, so 4 + 4 = 8)."""
        lines = [
            {"values": [4, 4], "total_key": "children"},
            {"values": [7, 0, 1], "total_key": "children"},
        ]
        results = suppress_lines(lines, 5)
        self.assertEqual(results[0][1], SECONDARY)
        self.assertEqual(results[1][1], SECONDARY)
        self.assertEqual(results[1][0][0], SECONDARY)
        assert_not_derivable(self, lines, results, 5)

    def test_rates(self):
        self.assertFalse(rate_published(4, 20, None, None, 5))
        self.assertFalse(rate_published(6, 20, SECONDARY, None, 5))
        self.assertTrue(rate_published(6, 20, None, None, 5))

    def test_brute_force_single_lines(self):
        """No hidden cell of any small line can be recomputed."""
        for k in (3, 5):
            for values in itertools.product(range(7), repeat=3):
                lines = [{"values": list(values)}]
                results = [suppress_line(list(values), k)]
                if any(results[0][0]) or results[0][1]:
                    assert_not_derivable(self, lines, results, k)

    def test_brute_force_linked_tables(self):
        """Random pairs of lines over the same population."""
        rng = random.Random(14)
        for _i in range(80):
            total = rng.randint(0, 12)
            first = [0, 0]
            second = [0, 0, 0]
            for _u in range(total):
                first[rng.randrange(2)] += 1
                second[rng.randrange(3)] += 1
            lines = [
                {"values": first, "total_key": "t"},
                {"values": second, "total_key": "t"},
            ]
            results = suppress_lines(lines, 5)
            if any(any(s) or t for s, t in results):
                assert_not_derivable(self, lines, results, 5)


def _linked_report(m):
    """Families of a 2 x 2 population (setting s/t x gender f/m) in three
    tables of one report: by setting, by gender, and the setting s alone by
    gender (its total is the "s" cell of the first table)."""
    (sf, sm), (tf, tm) = m
    return [
        {
            "values": [sf + sm, tf + tm],
            "total_key": "all",
            "keys": [("s",), ("t",)],
        },
        {"values": [sf + tf, sm + tm], "total_key": "all", "keys": ["f", "m"]},
        {"values": [sf, sm], "total_key": ("s",), "keys": ["sf", "sm"]},
        # Never printed: f = sf + (the rest), m = sm + (the rest), the
        # rests add up to the rest of the population, all = s + the rest.
        {
            "values": [sf, tf],
            "total_key": "f",
            "keys": ["sf", "rf"],
            "unpublished": [1],
        },
        {
            "values": [sm, tm],
            "total_key": "m",
            "keys": ["sm", "rm"],
            "unpublished": [1],
        },
        {
            "values": [tf, tm],
            "total_key": "r",
            "keys": ["rf", "rm"],
            "unpublished": [0, 1],
        },
        {
            "values": [sf + sm, tf + tm],
            "total_key": "all",
            "keys": [("s",), "r"],
            "unpublished": [1],
        },
    ]


def _view(lines, results, k):
    """What a reader sees: the published figures and the marks."""
    return [
        (
            [label(v, st, k) for v, st in zip(line["values"], status, strict=True)],
            label(sum(line["values"]), total_status, k),
        )
        for line, (status, total_status) in zip(lines, results, strict=True)
    ]


def _fits(lines, results, k):
    """Whether a candidate population shows the same view as published."""

    def fits(value, st, shown):
        if st is None:
            return value == shown
        lo, hi = bounds(st, k)
        return lo <= value <= hi

    for line, (status, total_status), (cells, total) in zip(
        lines, results[0], results[1], strict=True
    ):
        if line.get("unpublished"):
            continue  # never printed: the reader sees nothing of it
        for value, st, shown in zip(line["values"], status, cells, strict=True):
            if not fits(value, st, shown):
                return False
        if not fits(sum(line["values"]), total_status, total):
            return False
    return True


@tagged("post_install", "-at_install")
class TestCrossTableSuppression(BaseCase):
    def test_filtered_table_total_is_a_cell(self):
        """Families by setting are [9, 1]: the 1 is hidden, so the 9 too.
        The table of setting s alone by gender, [4, 5], would publish its
        total 9 and give both away: its total is the hidden "s" cell, so it
        goes, and then one of its cells (else 4 + 5 tells the total)."""
        lines = _linked_report(((4, 5), (1, 0)))
        results = suppress_lines(lines, 3)
        self.assertEqual(results[0][0], [SECONDARY, PRIMARY])
        self.assertEqual(results[2][1], SECONDARY)
        # 4 is hidden (9 - 5 would tell it).
        self.assertEqual(results[2][0][0], SECONDARY)
        # Without the links the filtered table would stay published.
        unlinked = [dict(line, keys=None) for line in lines]
        self.assertEqual(suppress_lines(unlinked, 3)[2], ([None, None], None))

    def test_brute_force_linked_population(self):
        """For small populations, every hidden figure of every table that
        is not zero can take at least two values among all populations that
        show the same report (a figure known to be zero discloses nobody,
        as a published zero does not)."""
        k = 3
        limit = 9
        rng = random.Random(1414)
        grid = list(itertools.product(range(limit + 1), repeat=4))
        checked = 0
        for _i in range(40):
            m = tuple(rng.choice((0, 1, 1, 2, 3, 4, 6)) for _c in range(4))
            matrix = ((m[0], m[1]), (m[2], m[3]))
            lines = _linked_report(matrix)
            results = suppress_lines(lines, k)
            if not any(any(st) or t for st, t in results):
                continue
            checked += 1
            view = _view(lines, results, k)
            seen = {}
            for cand in grid:
                cand_lines = _linked_report(((cand[0], cand[1]), (cand[2], cand[3])))
                if not _fits(cand_lines, (results, view), k):
                    continue
                for n, (line, (status, total_status)) in enumerate(
                    zip(cand_lines, results, strict=True)
                ):
                    if line.get("unpublished"):
                        continue
                    for i, st in enumerate(status):
                        if st is not None:
                            seen.setdefault((n, i), set()).add(line["values"][i])
                    if total_status is not None:
                        seen.setdefault((n, "t"), set()).add(sum(line["values"]))
            for place, values in seen.items():
                if values == {0}:
                    continue
                self.assertGreater(
                    len(values), 1, f"{matrix}: {place} is derivable ({results})"
                )
        self.assertGreater(checked, 20)
