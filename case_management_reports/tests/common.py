from odoo.tests import TransactionCase, new_test_user


class CaseReportsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_officer = new_test_user(
            cls.env,
            login="reporting_officer",
            name="Reportingová Referentka",
            groups="base.group_user,case_management_reports.case_management_reports_group_officer",
        )
