# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install")
class TestReferral(CaseConsentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Territory = cls.env["case.territory"]
        cls.region = Territory.create({"name": "Ústecký kraj", "kind": "region"})
        cls.orp_most = Territory.create(
            {"name": "ORP Most", "kind": "orp", "parent_id": cls.region.id}
        )
        cls.orp_bilina = Territory.create(
            {"name": "ORP Bílina", "kind": "orp", "parent_id": cls.region.id}
        )
        cls.most = Territory.create(
            {"name": "Most", "kind": "municipality", "parent_id": cls.orp_most.id}
        )
        cls.case_in.territory_id = cls.most
        cls.debt = cls.env.ref("case_management.service_category_debt")
        cls.sas = cls.env.ref("case_management.service_category_sas")
        Partner = cls.env["res.partner"]
        cls.debt_counsellor = Partner.create(
            {
                "name": "Poradna Rovnováha, z. ú.",
                "is_company": True,
                "email": "poradna@example.org",
                "is_service_provider": True,
                "provider_kind": "social_service",
                "service_category_ids": [Command.set(cls.debt.ids)],
                "served_territory_ids": [Command.set(cls.orp_most.ids)],
            }
        )
        cls.sas_provider = Partner.create(
            {
                "name": "Rodinné centrum Krušnohoří",
                "is_company": True,
                "is_service_provider": True,
                "provider_kind": "ngo",
                "service_category_ids": [Command.set(cls.sas.ids)],
                "served_territory_ids": [Command.set(cls.region.ids)],
            }
        )
        cls.bilina_sas = Partner.create(
            {
                "name": "SAS Bílina",
                "is_company": True,
                "is_service_provider": True,
                "service_category_ids": [Command.set(cls.sas.ids)],
                "served_territory_ids": [Command.set(cls.orp_bilina.ids)],
            }
        )

    def _referral(self, user=None, **vals):
        values = {
            "case_id": self.case_in.id,
            "partner_id": self.debt_counsellor.id,
            "category_id": self.debt.id,
            "need": "Splátkový kalendář",
        }
        values.update(vals)
        Referral = self.env["case.referral"]
        if user:
            Referral = Referral.with_user(user)
        return Referral.create(values)

    def test_state_machine(self):
        referral = self._referral(user=self.user_manager)
        self.assertEqual(referral.state, "draft")
        referral.action_send()
        self.assertEqual(referral.state, "sent")
        self.assertTrue(referral.is_active)
        with self.assertRaisesRegex(UserError, "cannot go from"):
            referral.action_done()
        referral.action_wait()
        referral.action_accept()
        referral.action_start()
        referral.action_step_down()
        self.assertEqual(referral.intensity, "reduced")
        self.assertEqual(referral.state, "started")
        referral.action_done()
        self.assertFalse(referral.is_active)
        # final: nothing moves any more, history stays
        with self.assertRaisesRegex(UserError, "cannot go from"):
            referral.action_revoke()
        self.assertEqual(referral.state, "done")
        self.assertEqual(referral.intensity, "reduced")

    def test_refusal_needs_reason_and_keeps_history(self):
        referral = self._referral()
        referral.action_send()
        with self.assertRaises(UserError):
            referral.action_refuse()
        referral.refusal_reason = "target_group"
        referral.action_refuse()
        self.assertEqual(referral.state, "refused")
        with self.assertRaises(ValidationError):
            self._referral().write({"state": "refused"})

    def test_consent_refusal_on_send(self):
        """Sharing what the consent does not cover is refused with the
        gate's message; nothing is logged, the referral stays a draft."""
        referral = self._referral(
            data_category_ids=[
                Command.set(
                    self.env["case.data.category"]
                    .search([("code", "in", ["basic", "health"])])
                    .ids
                )
            ],
            channel="email",
        )
        self.make_consent(self.case_in, self.debt_counsellor, ["basic"])
        with self.assertRaisesRegex(UserError, "Poradna Rovnováha"):
            referral.with_user(self.user_manager).action_send()
        self.assertEqual(referral.state, "draft")
        referral.data_category_ids = self.env["case.data.category"].search(
            [("code", "=", "basic")]
        )
        referral.with_user(self.user_manager).action_send()
        self.assertEqual(referral.state, "sent")
        self.assertWentThroughGate(
            self.case_in, self.debt_counsellor, ["basic"], record=referral
        )
        mail = self.env["mail.mail"].search([("case_id", "=", self.case_in.id)])
        self.assertEqual(mail.recipient_ids, self.debt_counsellor)

    def test_gap_from_refused_referral(self):
        referral = self._referral(user=self.user_manager)
        with self.assertRaises(UserError):
            referral.action_create_gap()
        referral.action_send()
        referral.write({"refusal_reason": "target_group"})
        referral.action_refuse()
        action = referral.with_user(self.user_manager).action_create_gap()
        gap = self.env["case.service.gap"].browse(action["res_id"])
        self.assertEqual(gap.category_id, self.debt)
        self.assertEqual(gap.territory_id, self.most)
        self.assertEqual(gap.orp_id, self.orp_most)
        self.assertEqual(gap.reason, "target_group")
        self.assertEqual(gap.sudo().case_id, self.case_in)
        self.assertEqual(referral.gap_id, gap)
        self.assertFalse(referral.gap_eligible, "one gap per referral")
        # the case team sees the case link, a coordinator outside it does not
        self.assertEqual(gap.with_user(self.user_manager).team_case_id, self.case_in)
        as_coordinator = gap.with_user(self.user_coordinator)
        self.assertEqual(as_coordinator.category_id, self.debt)
        self.assertFalse(as_coordinator.team_case_id)
        with self.assertRaises(AccessError):
            as_coordinator.read(["case_id"])
        # a case manager of another case does not see the gap at all
        self.assertFalse(
            self.env["case.service.gap"]
            .with_user(self.user_manager2)
            .search([("id", "=", gap.id)])
        )
        # the case's gaps button finds it for the team
        domain = self.case_in.with_user(self.user_manager).action_view_gaps()["domain"]
        self.assertEqual(
            self.env["case.service.gap"].with_user(self.user_manager).search(domain),
            gap,
        )

    def test_gap_from_long_waiting(self):
        self.env.company.case_referral_gap_days = 30
        referral = self._referral(date=fields.Date.today() - timedelta(days=31))
        referral.action_send()
        referral.action_wait()
        self.assertTrue(referral.gap_eligible)
        self.env.company.case_referral_gap_days = 40
        referral.invalidate_recordset(["gap_eligible"])
        self.assertFalse(referral.gap_eligible)
        no_capacity = self._referral()
        no_capacity.action_send()
        no_capacity.action_no_capacity()
        no_capacity.action_create_gap()
        self.assertEqual(no_capacity.gap_id.reason, "no_capacity")

    def test_duplication_warning(self):
        first = self._referral(partner_id=self.sas_provider.id, category_id=self.sas.id)
        first.action_send()
        self.assertFalse(first.duplicate_warning)
        second = self._referral(partner_id=self.bilina_sas.id, category_id=self.sas.id)
        self.assertIn("Rodinné centrum Krušnohoří", second.duplicate_warning)
        second.action_send()
        self.case_in.invalidate_recordset(["referral_duplicate_warning"])
        self.assertIn(self.sas.name, self.case_in.referral_duplicate_warning)
        first.action_revoke()
        second.invalidate_recordset(["duplicate_warning"])
        self.case_in.invalidate_recordset(["referral_duplicate_warning"])
        self.assertFalse(second.duplicate_warning)
        self.assertFalse(self.case_in.referral_duplicate_warning)

    def test_rhythm_prompt_on_start(self):
        referral = self._referral(
            partner_id=self.sas_provider.id, category_id=self.sas.id
        )
        referral.action_send()
        referral.action_accept()
        before = self.case_in.activity_ids
        referral.with_user(self.user_manager).action_start()
        prompt = self.case_in.activity_ids - before
        self.assertEqual(len(prompt), 1)
        self.assertEqual(prompt.user_id, self.user_manager)
        self.assertIn("cadence", prompt.summary)

    def test_follow_up_activity(self):
        day = fields.Date.today() + timedelta(days=14)
        referral = self._referral(follow_up_date=day)
        activity = referral.activity_ids
        self.assertEqual(activity.date_deadline, day)
        self.assertEqual(activity.user_id, self.user_manager)
        referral.follow_up_date = day + timedelta(days=7)
        self.assertEqual(len(referral.activity_ids), 1)
        self.assertEqual(referral.activity_ids.date_deadline, day + timedelta(days=7))

    def test_scope_and_directory(self):
        referral = self._referral()
        self.assertFalse(
            self.env["case.referral"]
            .with_user(self.user_manager2)
            .search([("id", "=", referral.id)])
        )
        with self.assertRaises(AccessError):
            self.env["case.referral"].with_user(self.user_manager2).create(
                {"case_id": self.case_in.id, "category_id": self.debt.id}
            )
        Partner = self.env["res.partner"]
        sas_in_most = Partner.search(
            Partner._case_provider_domain(category=self.sas, territory=self.most)
        )
        self.assertEqual(sas_in_most, self.sas_provider, "Bílina does not serve Most")
        action = self.case_in.action_find_service()
        self.assertIn(self.debt_counsellor, Partner.search(action["domain"]))
        self.assertNotIn(self.bilina_sas, Partner.search(action["domain"]))

    def test_immediate_help_link(self):
        food = self.env.ref("case_management.service_category_food")
        bank = self.env["res.partner"].create(
            {
                "name": "Potravinová banka Ústí",
                "is_service_provider": True,
                "provider_kind": "charity",
                "service_category_ids": [Command.set(food.ids)],
            }
        )
        self.assertTrue(bank.is_informal_resource)
        help_line = self.env["case.help"].create(
            {
                "case_id": self.case_in.id,
                "help_type": "food",
                "name": "Balíček na týden",
                "provider_id": bank.id,
            }
        )
        help_line.with_user(self.user_manager).action_create_referral()
        self.assertEqual(help_line.referral_id.referral_type, "immediate")
        self.assertEqual(help_line.referral_id.category_id, food)
        self.assertEqual(help_line.referral_id.help_ids, help_line)

    def test_network_analysis(self):
        referral = self._referral()
        referral.action_send()
        referral.action_no_capacity()
        referral.action_create_gap()
        self.env.flush_all()
        Network = self.env["case.service.network"]
        most_debt = Network.search(
            [
                ("territory_id", "=", self.orp_most.id),
                ("category_id", "=", self.debt.id),
            ]
        )
        self.assertEqual(
            (
                most_debt.provider_count,
                most_debt.referral_count,
                most_debt.refused_count,
                most_debt.gap_count,
            ),
            (1, 1, 1, 1),
        )
        bilina_debt = Network.search(
            [
                ("territory_id", "=", self.orp_bilina.id),
                ("category_id", "=", self.debt.id),
            ]
        )
        self.assertEqual(bilina_debt.coverage, "none")
        bilina_sas = Network.search(
            [
                ("territory_id", "=", self.orp_bilina.id),
                ("category_id", "=", self.sas.id),
            ]
        )
        self.assertEqual(bilina_sas.provider_count, 2, "the regional SAS counts too")
        with self.assertRaises(AccessError):
            Network.with_user(self.user_manager).search([])

    def test_territory_hierarchy(self):
        with self.assertRaises(ValidationError):
            self.env["case.territory"].create(
                {"name": "Kraj v obci", "kind": "region", "parent_id": self.most.id}
            )
        self.assertEqual(self.most.complete_name, "Ústecký kraj / ORP Most / Most")

    def test_only_internal_followers(self):
        referral = self._referral()
        gap = self.env["case.service.gap"].create(
            {"case_id": self.case_in.id, "category_id": self.debt.id}
        )
        # a gap recorded without a case (evidence only) is no exception
        gap_alone = self.env["case.service.gap"].create(
            {"category_id": self.debt.id, "territory_id": self.most.id}
        )
        for record in (referral, gap, gap_alone):
            with self.subTest(model=record._name, case=bool(record.sudo().case_id)):
                record.message_subscribe(
                    partner_ids=(
                        self.debt_counsellor | self.user_manager.partner_id
                    ).ids
                )
                self.assertNotIn(self.debt_counsellor, record.message_partner_ids)
                self.assertIn(self.user_manager.partner_id, record.message_partner_ids)

    def test_refer_from_plan_step(self):
        plan = self.env["case.plan"].create(
            {"case_id": self.case_in.id, "date_start": "2026-01-05"}
        )
        step = self.env["case.plan.step"].create(
            {
                "plan_id": plan.id,
                "name": "Sjednat splátkový kalendář",
                "responsible_type": "external",
                "partner_id": self.debt_counsellor.id,
            }
        )
        Partner = self.env["res.partner"]
        action = step.action_find_service()
        self.assertIn(self.debt_counsellor, Partner.search(action["domain"]))
        self.assertNotIn(self.bilina_sas, Partner.search(action["domain"]))
        context = step.action_create_referral()["context"]
        referral = (
            self.env["case.referral"]
            .with_user(self.user_manager)
            .with_context(**context)
            .create({"category_id": self.debt.id})
        )
        self.assertEqual(referral.case_id, self.case_in)
        self.assertEqual(referral.partner_id, self.debt_counsellor)
        self.assertEqual(referral.need, "Sjednat splátkový kalendář")
        self.assertEqual(step.referral_ids, referral)
