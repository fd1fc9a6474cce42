from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CaseManagementCommon

ALLOWED = "allowed"


@tagged("post_install", "-at_install", "security")
class TestCaseAccessMatrix(CaseManagementCommon):
    """Role × model × operation table on an in-scope and an out-of-scope case."""

    # ------------------------------------------------------------
    # operations: each returns a comparable value or raises
    # ------------------------------------------------------------

    def _op_read(self, user, record):
        return record.with_user(user).read(["name"])[0]["name"]

    def _op_search(self, user, record):
        return record.with_user(user).search([("id", "=", record.id)]).ids

    def _op_search_sensitive(self, user, record):
        return (
            record.with_user(user)
            .search([("id", "=", record.id), ("health_notes", "ilike", "ADHD")])
            .ids
        )

    def _op_read_group(self, user, record):
        groups = record.with_user(user).read_group(
            [("id", "=", record.id)], ["stage_id"], ["stage_id"]
        )
        return sum(group["stage_id_count"] for group in groups)

    def _op_name_search(self, user, record):
        return [
            rec_id for rec_id, _name in record.with_user(user).name_search(record.name)
        ]

    def _op_write(self, user, record):
        record.with_user(user).write({"priority": "2"})
        return ALLOWED

    def _op_unlink(self, user, record):
        record.with_user(user).unlink()
        return ALLOWED

    def _run_table(self, table):
        for user, record, operation, expected in table:
            self.env.invalidate_all()
            with self.subTest(user=user.login, record=record.name, operation=operation):
                method = getattr(self, f"_op_{operation}")
                if isinstance(expected, type) and issubclass(expected, Exception):
                    with self.assertRaises(expected), self.env.cr.savepoint():
                        method(user, record)
                else:
                    with self.env.cr.savepoint() as savepoint:
                        self.assertEqual(method(user, record), expected)
                        savepoint.rollback()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_case_matrix(self):
        cin, cout = self.case_in, self.case_out
        coord, man, work, nog = (
            self.user_coordinator,
            self.user_manager,
            self.user_worker,
            self.user_nogroup,
        )
        table = []
        for case, manager_sees, worker_sees in (
            (cin, True, True),
            (cout, False, False),
        ):
            for user, sees in ((coord, True), (man, manager_sees), (work, worker_sees)):
                table += [
                    (user, case, "read", case.name if sees else AccessError),
                    (user, case, "search", case.ids if sees else []),
                    (user, case, "search_sensitive", case.ids if sees else []),
                    (user, case, "read_group", 1 if sees else 0),
                    (user, case, "name_search", case.ids if sees else []),
                    (user, case, "write", ALLOWED if sees else AccessError),
                ]
            table += [
                (nog, case, operation, AccessError)
                for operation in (
                    "read",
                    "search",
                    "search_sensitive",
                    "read_group",
                    "name_search",
                    "write",
                    "unlink",
                )
            ]
            table += [
                (man, case, "unlink", AccessError),
                (work, case, "unlink", AccessError),
            ]
        # last: the coordinator deletes both cases
        table += [(coord, cin, "unlink", ALLOWED), (coord, cout, "unlink", ALLOWED)]
        self._run_table(table)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_case_create(self):
        def vals(user):
            return {
                "family_id": self.family_in.id,
                "focus_partner_ids": [Command.set(self.child_in.ids)],
                "manager_id": user.id,
                "referral_source": "self",
            }

        for user in (self.user_coordinator, self.user_manager):
            self.env.invalidate_all()
            with self.subTest(user=user.login):
                case = self.env["case.case"].with_user(user).create(vals(user))
                self.assertRegex(case.name, r"^CM-\d{4}-\d{4}$")
        for user in (self.user_worker, self.user_nogroup):
            self.env.invalidate_all()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["case.case"].with_user(user).create(vals(user))
        # a case manager cannot create a case they would not be part of
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["case.case"].with_user(self.user_manager).create(
                vals(self.user_manager2)
            )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_child_models_follow_the_case(self):
        for model, rec_in, rec_out in (
            ("case.participant", self.participant_in, self.participant_out),
            ("case.factor", self.factor_in, self.factor_out),
        ):
            for user, sees_in, sees_out in (
                (self.user_coordinator, True, True),
                (self.user_manager, True, False),
                (self.user_worker, True, False),
                (self.user_nogroup, False, False),
            ):
                for record, sees in ((rec_in, sees_in), (rec_out, sees_out)):
                    self.env.invalidate_all()
                    with self.subTest(model=model, user=user.login, record=record.id):
                        recs = self.env[model].with_user(user)
                        if user == self.user_nogroup:
                            with self.assertRaises(AccessError):
                                recs.search([("id", "=", record.id)])
                            continue
                        self.assertEqual(
                            recs.search([("id", "=", record.id)]).ids,
                            record.ids if sees else [],
                        )
                        if sees:
                            recs.browse(record.id).write(
                                {"active": True}
                                if model == "case.participant"
                                else {"severity": "high"}
                            )
                        else:
                            with self.assertRaises(AccessError):
                                recs.browse(record.id).write(
                                    {"reason": "x"}
                                    if model == "case.participant"
                                    else {"severity": "high"}
                                )
        # a worker adds a professional to their case, not to another one
        Participant = self.env["case.participant"].with_user(self.user_worker)
        Participant.create({"case_id": self.case_in.id, "partner_id": self.teacher.id})
        with self.assertRaises(AccessError):
            Participant.create(
                {"case_id": self.case_out.id, "partner_id": self.teacher.id}
            )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_family_visibility(self):
        Family = self.env["case.family"]
        for user, expected in (
            (self.user_coordinator, self.family_in | self.family_out),
            (self.user_manager, self.family_in),
            (self.user_worker, self.family_in),
        ):
            self.env.invalidate_all()
            with self.subTest(user=user.login):
                found = Family.with_user(user).search(
                    [("id", "in", (self.family_in | self.family_out).ids)]
                )
                self.assertEqual(found, expected)
        with self.assertRaises(AccessError):
            Family.with_user(self.user_nogroup).search([])
        # a new household without any case is visible to its creator only
        new_family = Family.with_user(self.user_manager).create(
            {"name": "Domácnost Nových"}
        )
        self.assertTrue(new_family.code.startswith("RD-"))
        self.env.invalidate_all()
        self.assertFalse(
            Family.with_user(self.user_manager2).search([("id", "=", new_family.id)])
        )
        self.assertEqual(
            Family.with_user(self.user_manager).search([("id", "=", new_family.id)]),
            new_family,
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_sensitive_fields_need_a_case_group(self):
        for field in ("health_notes", "ospod_notes"):
            self.assertEqual(
                self.env["case.case"]._fields[field].groups,
                "case_management.case_management_group_worker",
            )
        self.assertTrue(self.env["case.factor"]._fields["sensitive_description"].groups)
        self.assertTrue(self.env["res.partner"]._fields["case_family_id"].groups)
        # a plain internal user reads ordinary contacts, not their household
        # fields, and no family member at all (issue 11: people are scoped
        # like cases)
        partner = self.teacher.with_user(self.user_nogroup)
        self.assertEqual(partner.read(["name"])[0]["name"], "Mgr. Karel Třídní")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            partner.read(["case_family_id"])
        with self.assertRaises(AccessError):
            self.child_in.with_user(self.user_nogroup).read(["name"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_nogroup).search(
                [("case_family_id", "!=", False)]
            )
        fields = self.env["case.case"].with_user(self.user_manager).fields_get()
        self.assertIn("health_notes", fields)

    def test_no_menu_and_rpc_for_plain_users(self):
        menus = self.env["ir.ui.menu"].with_user(self.user_nogroup)._visible_menu_ids()
        root = self.env.ref("case_management.case_management_menu_root")
        self.assertNotIn(root.id, menus)
        self.assertFalse(
            self.env["case.case"].with_user(self.user_nogroup).has_access("read")
        )
        config = self.env.ref("case_management.case_management_menu_config")
        self.assertNotIn(
            config.id,
            self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids(),
        )
        self.assertIn(
            config.id,
            self.env["ir.ui.menu"].with_user(self.user_coordinator)._visible_menu_ids(),
        )

    def test_acl_rows_all_have_a_group(self):
        rows = self.env["ir.model.access"].search(
            [("model_id.model", "=like", "case.%"), ("group_id", "=", False)]
        )
        self.assertFalse(rows, "every case ACL row must name a group")


@tagged("post_install", "-at_install", "security")
class TestCaseAccessScenarios(CaseManagementCommon):
    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_reassignment_takes_effect_immediately(self):
        case = self.case_in.with_user(self.user_manager)
        self.assertEqual(case.read(["name"])[0]["name"], self.case_in.name)
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_manager2).read(["name"])
        wizard = (
            self.env["case.reassign"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "from_user_id": self.user_manager.id,
                    "to_user_id": self.user_manager2.id,
                    "note": "Left the organisation",
                }
            )
        )
        self.assertIn(self.case_in, wizard.case_ids)
        wizard.action_reassign()
        self.env.invalidate_all()
        self.assertEqual(self.case_in.manager_id, self.user_manager2)
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_manager).read(["name"])
        self.assertEqual(
            self.case_in.with_user(self.user_manager2).read(["name"])[0]["name"],
            self.case_in.name,
        )
        # the key worker keeps access, the chatter logs the move
        self.assertTrue(self.case_in.with_user(self.user_worker).read(["name"]))
        self.assertTrue(
            any("Left the organisation" in msg.body for msg in self.case_in.message_ids)
        )
        followers = self.case_in.message_partner_ids
        self.assertIn(self.user_manager2.partner_id, followers)
        self.assertNotIn(self.user_manager.partner_id, followers)
        # plain write also takes effect at once (no cached rule domain)
        self.case_in.write({"team_user_ids": [Command.link(self.user_manager.id)]})
        self.env.invalidate_all()
        self.assertTrue(self.case_in.with_user(self.user_manager).read(["name"]))
        self.case_in.write({"team_user_ids": [Command.unlink(self.user_manager.id)]})
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_manager).read(["name"])

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_only_coordinators_reassign_or_archive(self):
        with self.assertRaises(AccessError):
            self.env["case.reassign"].with_user(self.user_manager).create(
                {
                    "from_user_id": self.user_manager.id,
                    "to_user_id": self.user_manager2.id,
                }
            )
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_manager).write({"active": False})
        self.case_in.with_user(self.user_coordinator).write({"active": False})
        self.assertFalse(self.case_in.active)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_multi_company(self):
        company2 = self.env["res.company"].create({"name": "Obec Druhá"})
        self.user_coordinator.write({"company_ids": [Command.link(company2.id)]})
        self.user_manager.write({"company_ids": [Command.link(company2.id)]})
        case2 = (
            self.env["case.case"]
            .with_company(company2)
            .create(
                {
                    "company_id": company2.id,
                    "focus_partner_ids": [Command.set(self.child_in.ids)],
                    "client_type": "adult",
                    "manager_id": self.user_manager.id,
                    "referral_source": "self",
                }
            )
        )
        Case = self.env["case.case"]
        for user, companies, expected in (
            (self.user_coordinator, self.company, Case),
            (self.user_coordinator, self.company | company2, case2),
            (self.user_manager, self.company, Case),
            (self.user_manager, self.company | company2, case2),
            (self.user_manager2, self.company, Case),
        ):
            self.env.invalidate_all()
            with self.subTest(user=user.login, companies=companies.ids):
                found = (
                    Case.with_user(user)
                    .with_context(allowed_company_ids=companies.ids)
                    .search([("id", "=", case2.id)])
                )
                self.assertEqual(found, expected)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            case2.with_user(self.user_coordinator).with_context(
                allowed_company_ids=self.company.ids
            ).read(["name"])

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_access_error_shows_only_the_code(self):
        # outside debug mode no record is named at all; debug mode is covered
        # over HTTP in test_case_ui (it needs a request)
        self.env.invalidate_all()
        with self.assertRaises(AccessError) as error:
            self.case_out.with_user(self.user_manager).read(["name"])
        message = str(error.exception)
        for secret in ("Amálka", "Horvát"):
            self.assertNotIn(secret, message)
        # the records Odoo would list in debug mode carry pseudonymous names
        self.assertEqual(self.case_out.display_name, self.case_out.name)
        self.assertEqual(
            self.family_out.with_context(case_code_only=True).display_name,
            self.family_out.code,
        )
        self.assertFalse(
            self.env["case.case"].with_user(self.user_manager).name_search("Jakub")
        )

    def test_externals_never_follow(self):
        case = self.case_in
        self.assertEqual(
            set(case.message_partner_ids.ids),
            {self.user_manager.partner_id.id, self.user_worker.partner_id.id},
        )
        case.write(
            {
                "key_worker_partner_id": self.teacher.id,
                "coordinator_partner_id": self.ospod.id,
                "coordination_model": "external",
                "team_user_ids": [Command.link(self.user_manager2.id)],
            }
        )
        self.env["case.participant"].create(
            {"case_id": case.id, "partner_id": self.teacher.id}
        )
        case.message_subscribe(partner_ids=[self.ospod.id, self.teacher.id])
        # OSPOD has no consent here: the post is refused (issue 11)
        with self.assertRaises(UserError):
            case.message_post(
                body="Update", partner_ids=[self.ospod.id], message_type="comment"
            )
        case.message_post(body="Update", message_type="comment")
        followers = case.message_partner_ids
        self.assertNotIn(self.ospod, followers)
        self.assertNotIn(self.teacher, followers)
        self.assertNotIn(self.child_in, followers)
        self.assertIn(self.user_manager2.partner_id, followers)
        self.assertTrue(
            all(p.user_ids.filtered(lambda u: not u.share) for p in followers)
        )
        self.family_in.message_subscribe(partner_ids=[self.mother_in.id])
        self.assertNotIn(self.mother_in, self.family_in.message_partner_ids)
