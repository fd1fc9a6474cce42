import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCaseUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            name="Tour Manager",
            groups="base.group_user,case_management.case_management_group_manager",
        )

    def test_case_manager_tour(self):
        self.start_tour("/odoo", "case_management_tour", login="tour_manager")
        family = self.env["case.family"].search([("name", "=", "Domácnost Tourových")])
        self.assertEqual(len(family.member_ids), 2)
        case = family.case_ids
        self.assertEqual(len(case), 1)
        self.assertRegex(case.name, r"^CM-\d{4}-\d{4}$")
        self.assertEqual(case.manager_id, self.manager)
        self.assertEqual(
            case.participant_ids.role_id, self.env.ref("case_management.role_ospod")
        )
        self.assertEqual(case.factor_ids.kind, "risk")
        self.assertEqual(case.focus_partner_ids.name, "Tomáš Tour")
        # externals never follow the case
        self.assertEqual(case.message_partner_ids, self.manager.partner_id)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_debug_access_error_shows_only_ids(self):
        """In debug mode Odoo lists the forbidden records: by id only."""
        other = new_test_user(
            self.env,
            login="tour_other",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        family = self.env["case.family"].create({"name": "Domácnost Tajných"})
        child = self.env["res.partner"].create(
            {"name": "Tajné Dítě", "case_family_id": family.id}
        )
        case = self.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [(6, 0, child.ids)],
                "manager_id": other.id,
                "referral_source": "self",
            }
        )
        self.authenticate("tour_manager", "tour_manager")
        for model, record, code in (
            ("case.case", case, case.name),
            ("case.family", family, family.code),
        ):
            with self.subTest(model=model):
                response = self.url_open(
                    "/web/dataset/call_kw?debug=1",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": model,
                                "method": "read",
                                "args": [record.ids, ["name"]],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                error = response.json()["error"]["data"]
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                # debug mode: the forbidden record is listed by its id only,
                # not even by its code (issue 15)
                self.assertIn(f"{model}: {record.id}", error["message"])
                self.assertNotIn(code, error["message"])
                self.assertNotIn("Tajn", error["message"])
