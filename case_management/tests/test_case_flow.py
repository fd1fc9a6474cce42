from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CaseManagementCommon


@tagged("post_install", "-at_install")
class TestCaseFlow(CaseManagementCommon):
    def test_code_is_the_display_name(self):
        case = self.env["case.case"].create(
            {
                "focus_partner_ids": [Command.set(self.child_in.ids)],
                "start_date": "2026-03-01",
                "referral_source": "school",
            }
        )
        self.assertRegex(case.name, r"^CM-2026-\d{4}$")
        self.assertEqual(case.display_name, case.name)
        self.assertEqual(
            [rec_id for rec_id, _name in self.env["case.case"].name_search(case.name)],
            case.ids,
        )
        self.assertFalse(self.env["case.case"].name_search("Dvořák"))
        self.assertEqual(case.stage_id, self.env.ref("case_management.stage_intake"))
        self.assertTrue(self.family_in.code.startswith("RD-"))

    def test_closing_stage_sets_end_date(self):
        case = self.case_in
        self.assertFalse(case.end_date)
        case.write(
            {
                "stage_id": self.env.ref("case_management.stage_closed").id,
                "closure_reason": "goals_met",
            }
        )
        self.assertEqual(case.end_date, fields.Date.context_today(case))
        self.assertTrue(case.is_closed)

    def test_stage_in_use_cannot_be_deleted(self):
        """A stage still holding cases is refused; an unused one is deleted."""
        stage = self.case_in.stage_id
        with self.assertRaisesRegex(UserError, "still in this stage"):
            stage.unlink()
        self.assertTrue(stage.exists())
        spare = self.env["case.stage"].create({"name": "Spare", "sequence": 99})
        spare.unlink()
        self.assertFalse(spare.exists())

    def test_stage_group_expand(self):
        groups = self.env["case.case"].read_group(
            [("id", "=", self.case_in.id)], ["stage_id"], ["stage_id"]
        )
        self.assertEqual(len(groups), 6, "every stage shows as a kanban column")

    def test_validation_errors(self):
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.case_in.write({"start_date": "2026-02-01", "end_date": "2026-01-01"})
        with self.assertRaisesRegex(
            ValidationError, "needs at least one person in focus"
        ):
            self.env["case.case"].create({"referral_source": "self"})
        with self.assertRaisesRegex(
            ValidationError, "needs at least one person in focus"
        ):
            self.case_in.write({"focus_partner_ids": [Command.clear()]})
        with self.assertRaisesRegex(
            ValidationError, "birth date of Jakub Dvořák is in the future"
        ):
            self.child_in.birthdate = date.today() + timedelta(days=3)
        with self.assertRaisesRegex(ValidationError, "one household at a time"):
            self.child_in.second_family_id = self.family_in
        with self.assertRaisesRegex(
            ValidationError, "cannot be resolved before it was identified"
        ):
            self.factor_in.write(
                {"identified_on": "2026-02-01", "resolved_on": "2026-01-01"}
            )
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.participant_in.write(
                {"date_from": "2026-02-01", "date_to": "2026-01-01"}
            )

    def test_validation_error_in_user_language(self):
        self.env["res.lang"]._activate_lang("cs_CZ")
        self.user_manager.lang = "cs_CZ"
        case = self.case_in.with_user(self.user_manager)
        with self.assertRaises(ValidationError) as error:
            case.write({"start_date": "2026-02-01", "end_date": "2026-01-01"})
        # the message is built through the translation machinery with the code
        self.assertIn(self.case_in.name, str(error.exception))

    def test_alternating_custody(self):
        self.child_out.write(
            {"second_family_id": self.family_in.id, "custody_pattern": "week/week"}
        )
        self.assertIn(self.child_out, self.family_in.second_member_ids)
        self.assertIn(self.child_out, self.family_out.member_ids)
        self.assertIn(self.case_in, self.child_out.case_ids)
        self.assertIn(self.case_out, self.child_out.case_ids)

    def test_household_move_logged_in_both_chatters(self):
        self.mother_in.case_family_id = self.family_out
        self.assertIn(
            f"moved out to household {self.family_out.code}",
            self.family_in.message_ids[0].body,
        )
        self.assertIn(
            f"moved in from household {self.family_in.code}",
            self.family_out.message_ids[0].body,
        )

    def test_age_and_child_flag(self):
        today = date.today()
        self.child_in.birthdate = today.replace(year=today.year - 10)
        self.assertEqual(self.child_in.case_age, 10)
        self.assertTrue(self.child_in.is_child)
        self.mother_in.birthdate = today.replace(year=today.year - 30)
        self.assertFalse(self.mother_in.is_child)
        children = self.env["res.partner"].search(
            [
                ("is_child", "=", True),
                ("id", "in", (self.child_in | self.mother_in).ids),
            ]
        )
        self.assertEqual(children, self.child_in)
        adults = self.env["res.partner"].search(
            [
                ("is_child", "=", False),
                ("id", "in", (self.child_in | self.mother_in).ids),
            ]
        )
        self.assertEqual(adults, self.mother_in)

    def test_participant_history_and_defaults(self):
        participant = self.participant_in
        self.assertEqual(participant.orientation, "control")
        self.assertFalse(participant.is_user)
        participant.reason = "One-off benefit application"
        participant.action_end()
        self.assertEqual(participant.state, "ended")
        self.assertTrue(participant.date_to)
        self.assertIn(
            "Circle of professionals changed", self.case_in.message_ids[0].body
        )
        participant.action_reactivate()
        self.assertEqual(participant.state, "active")
        self.assertFalse(participant.date_to)
        user_partner = self.env["case.participant"].create(
            {"case_id": self.case_in.id, "partner_id": self.user_manager2.partner_id.id}
        )
        self.assertTrue(user_partner.is_user)

    def test_factors_current_and_history(self):
        self.assertIn(self.factor_in, self.case_in.current_factor_ids)
        self.factor_in.action_resolve()
        self.assertFalse(self.factor_in.is_current)
        self.assertNotIn(self.factor_in, self.case_in.current_factor_ids)
        self.assertIn(self.factor_in, self.case_in.factor_ids)
        self.assertEqual(self.case_in.factor_count, 0)

    def test_contacts_last_contact(self):
        self.env["case.contact"].create(
            [
                {
                    "case_id": self.case_in.id,
                    "date": "2026-01-05 10:00:00",
                    "state": "done",
                },
                {
                    "case_id": self.case_in.id,
                    "date": "2026-01-12 10:00:00",
                    "state": "missed",
                },
            ]
        )
        self.assertEqual(
            self.case_in.last_contact_date,
            fields.Datetime.to_datetime("2026-01-05 10:00:00"),
        )
        self.assertEqual(self.case_in.contact_count, 2)

    def test_coordinating_user_joins_the_team(self):
        self.case_in.write(
            {
                "coordination_model": "neutral",
                "coordinator_user_id": self.user_manager2.id,
            }
        )
        self.assertIn(self.user_manager2, self.case_in.team_user_ids)

    def test_smart_buttons(self):
        for method in (
            "action_view_participants",
            "action_view_factors",
            "action_view_contacts",
        ):
            action = getattr(self.case_in, method)()
            self.assertEqual(action["domain"], [("case_id", "=", self.case_in.id)])
        action = self.child_in.action_view_cases()
        self.assertEqual(action["domain"], [("id", "in", self.case_in.ids)])
        action = self.family_in.action_view_cases()
        self.assertEqual(action["domain"], [("family_id", "=", self.family_in.id)])

    def test_views_load_for_every_role(self):
        for user in (self.user_coordinator, self.user_manager, self.user_worker):
            for model in (
                "case.case",
                "case.family",
                "case.participant",
                "case.factor",
                "case.contact",
                "res.partner",
            ):
                with self.subTest(user=user.login, model=model):
                    views = (
                        self.env[model]
                        .with_user(user)
                        .get_views(
                            [(False, "form"), (False, "list"), (False, "search")]
                        )
                    )
                    self.assertIn("form", views["views"])
        views = (
            self.env["case.case"]
            .with_user(self.user_worker)
            .get_views(
                [
                    (False, "kanban"),
                    (False, "pivot"),
                    (False, "graph"),
                    (False, "activity"),
                ]
            )
        )
        self.assertIn("kanban", views["views"])
        views = (
            self.env["case.contact"]
            .with_user(self.user_worker)
            .get_views([(False, "calendar")])
        )
        self.assertIn("calendar", views["views"])

    def test_who_is_who_sheet(self):
        self.participant_in.responsibilities = "Checks school attendance"
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "case_management.report_case_who_is_who", self.case_in.ids
        )
        html = html.decode()
        self.assertIn(self.case_in.name, html)
        self.assertIn("Mgr. Petra Nováková (OSPOD)", html)
        self.assertIn("Checks school attendance", html)
        self.assertIn(self.user_manager.name, html)

    def test_organisations_involved(self):
        self.assertEqual(self.case_in.organisation_count, 1)
        school = self.env["res.partner"].create({"name": "ZŠ Test", "is_company": True})
        self.teacher.parent_id = school
        self.env["case.participant"].create(
            {"case_id": self.case_in.id, "partner_id": self.teacher.id}
        )
        self.assertEqual(self.case_in.organisation_count, 2)


@tagged("post_install", "-at_install")
class TestCaseMessagesInCzech(CaseManagementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("cs_CZ")
        cls.env["ir.module.module"].search(
            [("name", "=", "case_management")]
        )._update_translations(["cs_CZ"])

    def test_validation_error_in_the_users_language(self):
        """A Czech user gets the validation message in Czech, with the case code."""
        self.user_manager.lang = "cs_CZ"
        env = self.env(user=self.user_manager, context={"lang": "cs_CZ"})
        with self.assertRaises(ValidationError) as err:
            env["case.case"].create({"referral_source": "self"})
        self.assertIn(
            "potřebuje alespoň jednu osobu v centru pozornosti", str(err.exception)
        )
        with self.assertRaises(ValidationError) as err:
            env["case.case"].create(
                {
                    "focus_partner_ids": [Command.set(self.child_in.ids)],
                    "referral_source": "self",
                    "start_date": "2026-05-01",
                    "end_date": "2026-04-01",
                }
            )
        self.assertRegex(str(err.exception), r"CM-2026-\d{4}")
        self.assertNotIn("cannot end before", str(err.exception))
