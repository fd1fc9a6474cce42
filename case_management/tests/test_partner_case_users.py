# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The contacts' record rule tests one stored relation, res.partner.case_user_ids.

Each test changes what makes a person visible (case team, household, second
household, person in focus, archiving, a household without a case) as the
user interface does, then searches as the user in the same transaction: the
relation must be flushed before the rule's SQL reads it, and it must equal
the set-based SQL that fills it on a large database."""

from odoo import Command
from odoo.exceptions import AccessError

from .common import CaseManagementCommon


class TestPartnerCaseUsers(CaseManagementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_case_fixtures()
        cls.Partner = cls.env["res.partner"]

    def _visible(self, user, partners):
        return self.Partner.with_user(user).search([("id", "in", partners.ids)])

    def assertWritesRefused(self, record, attacks):
        for vals in attacks:
            with (
                self.subTest(vals=vals),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                record.write(vals)

    def assertRelationMatchesSql(self):
        self.env.flush_all()
        self.env.cr.execute(self.Partner._case_user_rows_sql())
        expected = set(self.env.cr.fetchall())
        self.env.cr.execute("SELECT partner_id, user_id FROM case_partner_user_rel")
        self.assertEqual(set(self.env.cr.fetchall()), expected)

    def test_fixture_relation(self):
        people = self.mother_in | self.child_in | self.child_out
        self.assertEqual(
            self._visible(self.user_worker, people), self.mother_in | self.child_in
        )
        self.assertEqual(self._visible(self.user_manager2, people), self.child_out)
        self.assertEqual(self._visible(self.user_nogroup, people), self.Partner)
        self.assertRelationMatchesSql()

    def test_team_change_visible_at_once(self):
        people = self.mother_in | self.child_in
        self.assertFalse(self._visible(self.user_manager2, people))
        self.case_in.with_user(self.user_manager).team_user_ids = [
            Command.link(self.user_manager2.id)
        ]
        self.assertEqual(self._visible(self.user_manager2, people), people)
        self.case_in.with_user(self.user_manager).team_user_ids = [
            Command.unlink(self.user_manager2.id)
        ]
        self.assertFalse(self._visible(self.user_manager2, people))
        with self.assertRaises(AccessError):
            self.mother_in.with_user(self.user_manager2).read(["name"])
        self.assertRelationMatchesSql()

    def test_key_worker_replaced(self):
        self.case_in.key_worker_user_id = self.user_manager2
        self.assertFalse(self._visible(self.user_worker, self.child_in))
        self.assertEqual(
            self._visible(self.user_manager2, self.child_in), self.child_in
        )
        self.assertRelationMatchesSql()

    def test_person_moves_between_households(self):
        self.assertFalse(self._visible(self.user_worker, self.child_out))
        self.child_out.case_family_id = self.family_in
        self.assertEqual(
            self._visible(self.user_worker, self.child_out), self.child_out
        )
        # still the focus of the other case: its manager keeps seeing her
        self.assertEqual(
            self._visible(self.user_manager2, self.child_out), self.child_out
        )
        other_child = self.Partner.create(
            {"name": "Tomáš Horvát", "case_family_id": self.family_out.id}
        )
        self.case_out.focus_partner_ids = [Command.set(other_child.ids)]
        self.assertFalse(self._visible(self.user_manager2, self.child_out))
        self.assertEqual(self._visible(self.user_manager2, other_child), other_child)
        self.assertRelationMatchesSql()

    def test_second_household(self):
        self.child_out.second_family_id = self.family_in
        self.assertEqual(
            self._visible(self.user_worker, self.child_out), self.child_out
        )
        self.child_out.second_family_id = False
        self.assertFalse(self._visible(self.user_worker, self.child_out))
        self.assertRelationMatchesSql()

    def test_household_of_a_person_in_focus(self):
        # the child of the second household becomes a focus of case_in: the
        # worker sees the people of the child's (first) household
        self.case_in.focus_partner_ids = [Command.link(self.child_out.id)]
        self.assertEqual(
            self._visible(self.user_worker, self.child_out), self.child_out
        )
        sibling = self.Partner.create(
            {"name": "Petr Horvát", "case_family_id": self.family_out.id}
        )
        self.assertEqual(self._visible(self.user_worker, sibling), sibling)
        self.case_in.focus_partner_ids = [Command.unlink(self.child_out.id)]
        self.assertFalse(self._visible(self.user_worker, sibling | self.child_out))
        self.assertRelationMatchesSql()

    def test_household_without_case_creator_only(self):
        family = (
            self.env["case.family"]
            .with_user(self.user_manager)
            .create({"name": "Domácnost Procházkových"})
        )
        person = self.Partner.create(
            {"name": "Eva Procházková", "case_family_id": family.id}
        )
        self.assertEqual(self._visible(self.user_manager, person), person)
        self.assertFalse(self._visible(self.user_manager2, person))
        # the first case of the household, managed by someone else: the
        # creator no longer sees the family through having created it
        case = self.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [Command.set(person.ids)],
                "manager_id": self.user_manager2.id,
                "referral_source": "self",
            }
        )
        self.assertEqual(self._visible(self.user_manager2, person), person)
        self.assertFalse(self._visible(self.user_manager, person))
        self.assertRelationMatchesSql()
        case.unlink()
        self.assertEqual(self._visible(self.user_manager, person), person)

    def test_archived_case_grants_nothing(self):
        self.case_in.with_user(self.user_coordinator).active = False
        self.assertFalse(
            self._visible(self.user_worker, self.mother_in | self.child_in)
        )
        self.assertRelationMatchesSql()
        self.case_in.with_user(self.user_coordinator).active = True
        self.assertEqual(
            self._visible(self.user_worker, self.mother_in | self.child_in),
            self.mother_in | self.child_in,
        )

    def test_other_contacts_unchanged(self):
        # professionals and the user's own partner are not case persons
        others = self.ospod | self.teacher | self.user_manager2.partner_id
        self.assertEqual(self._visible(self.user_worker, others), others)
        self.assertEqual(
            self._visible(self.user_worker, self.user_worker.partner_id),
            self.user_worker.partner_id,
        )

    def test_relation_hidden_from_users(self):
        with self.assertRaises(AccessError):
            self.mother_in.with_user(self.user_manager).read(["case_user_ids"])
        # Odoo lets a domain name the field, but the record rule still
        # applies: nothing of another team's family comes out
        found = self.Partner.with_user(self.user_manager).search(
            [("case_user_ids", "in", self.user_manager2.ids)]
        )
        self.assertFalse(found & self.child_out)

    def test_sql_fill_equals_compute(self):
        before = (
            self.env["res.partner"]
            .search([])
            .mapped(lambda p: (p.id, frozenset(p.case_user_ids.ids)))
        )
        self.Partner._case_fill_user_ids_sql()
        after = (
            self.env["res.partner"]
            .search([])
            .mapped(lambda p: (p.id, frozenset(p.case_user_ids.ids)))
        )
        self.assertEqual(sorted(before), sorted(after))
        self.assertTrue(any(users for _pid, users in after))

    def test_linking_an_unseen_person_grants_nothing(self):
        """A hostile case manager writes the id of a person of another team's
        case into their own case (guessed ids over RPC): refused, and the
        person stays hidden."""
        case = self.case_in.with_user(self.user_manager)
        attacks = [
            {"focus_partner_ids": [Command.link(self.child_out.id)]},
            {"sudden_change_partner_ids": [Command.link(self.child_out.id)]},
        ]
        self.assertWritesRefused(case, attacks)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["case.participant"].with_user(self.user_manager).create(
                {"case_id": self.case_in.id, "partner_id": self.child_out.id}
            )
        self.assertFalse(self._visible(self.user_manager, self.child_out))
        # a person the manager sees (a professional) can be linked
        case.write({"sudden_change_partner_ids": [Command.link(self.ospod.id)]})

    def test_unseen_person_linked_on_a_contact(self):
        """Guessed ids on a person's own links (guardian, represented
        persons) are refused too: the name would come back in the form."""
        mother = self.mother_in.with_user(self.user_manager)
        attacks = [
            {"guardian_partner_id": self.child_out.id},
            {"legal_representative_of_ids": [Command.link(self.child_out.id)]},
            {"legal_representative_of_ids": [Command.set(self.child_out.ids)]},
        ]
        self.assertWritesRefused(mother, attacks)
        mother.write({"guardian_partner_id": self.ospod.id})
        self.assertEqual(mother.guardian_partner_id, self.ospod)
