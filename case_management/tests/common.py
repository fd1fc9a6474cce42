from odoo.tests import TransactionCase, new_test_user


class CaseManagementCommon(TransactionCase):
    """Base class of the core tests: one user per role and one without any case group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, no_reset_password=True))
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
