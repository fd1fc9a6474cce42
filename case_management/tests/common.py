from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CaseManagementCommon(TransactionCase):
    """Base class of the core tests: one user per role, one without any case
    group, and two households with one case each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=False, no_reset_password=True
            )
        )
        cls.company = cls.env.company
        cls.user_coordinator = new_test_user(
            cls.env,
            login="cm_coordinator",
            name="Koordinátorka Test",
            groups="base.group_user,case_management.case_management_group_coordinator",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="cm_manager",
            name="Manažerka Test",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        cls.user_manager2 = new_test_user(
            cls.env,
            login="cm_manager2",
            name="Manažer Druhý",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        cls.user_worker = new_test_user(
            cls.env,
            login="cm_worker",
            name="Pracovník Test",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        cls.user_nogroup = new_test_user(
            cls.env,
            login="cm_nogroup",
            name="Bez Skupiny",
            groups="base.group_user",
        )

        cls._setup_case_fixtures()

    @classmethod
    def _setup_case_fixtures(cls):
        """Two households and two cases: ``case_in`` is in scope of the case
        manager (its manager) and the case worker (its key worker);
        ``case_out`` belongs to the second case manager only."""
        Partner = cls.env["res.partner"]
        cls.family_in = cls.env["case.family"].create({"name": "Domácnost Dvořákových"})
        cls.mother_in = Partner.create(
            {
                "name": "Jana Dvořáková",
                "case_family_id": cls.family_in.id,
                "family_role": "parent",
                "birthdate": "1988-03-02",
            }
        )
        cls.child_in = Partner.create(
            {
                "name": "Jakub Dvořák",
                "case_family_id": cls.family_in.id,
                "family_role": "child",
                "birthdate": "2013-05-14",
            }
        )
        cls.family_out = cls.env["case.family"].create(
            {"name": "Domácnost Horvátových"}
        )
        cls.child_out = Partner.create(
            {
                "name": "Amálka Horvátová",
                "case_family_id": cls.family_out.id,
                "family_role": "child",
                "birthdate": "2015-09-01",
            }
        )
        cls.ospod = Partner.create({"name": "Mgr. Petra Nováková (OSPOD)"})
        cls.teacher = Partner.create({"name": "Mgr. Karel Třídní"})
        cls.case_in = cls.env["case.case"].create(
            {
                "family_id": cls.family_in.id,
                "focus_partner_ids": [Command.set(cls.child_in.ids)],
                "manager_id": cls.user_manager.id,
                "key_worker_user_id": cls.user_worker.id,
                "referral_source": "ospod_order",
                "health_notes": "<p>ADHD, medication</p>",
            }
        )
        cls.case_out = cls.env["case.case"].create(
            {
                "family_id": cls.family_out.id,
                "focus_partner_ids": [Command.set(cls.child_out.ids)],
                "manager_id": cls.user_manager2.id,
                "referral_source": "self",
                "health_notes": "<p>ADHD, hospitalisation</p>",
            }
        )
        role_ospod = cls.env.ref("case_management.role_ospod")
        cls.participant_in = cls.env["case.participant"].create(
            {
                "case_id": cls.case_in.id,
                "partner_id": cls.ospod.id,
                "role_id": role_ospod.id,
            }
        )
        cls.participant_out = cls.env["case.participant"].create(
            {
                "case_id": cls.case_out.id,
                "partner_id": cls.ospod.id,
                "role_id": role_ospod.id,
            }
        )
        cls.factor_in = cls.env["case.factor"].create(
            {"case_id": cls.case_in.id, "kind": "risk", "description": "Debts"}
        )
        cls.factor_out = cls.env["case.factor"].create(
            {"case_id": cls.case_out.id, "kind": "risk", "description": "Debts"}
        )
