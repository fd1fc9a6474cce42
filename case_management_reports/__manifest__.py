# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Case Management: Reports",
    "summary": "Anonymous outcome reports for funders and management",
    "version": "18.0.1.0.0",
    "category": "Services/Case Management",
    "website": "https://github.com/OCA/case-management",
    "author": "Case Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["case_management", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/case_management_reports_groups.xml",
        "security/ir.model.access.csv",
        "security/case_caseload_report_security.xml",
        "security/case_meeting_report_security.xml",
        "security/case_funding_period_security.xml",
        "security/res_partner_security.xml",
        "security/case_analysis_security.xml",
        "security/case_network_report_security.xml",
        "report/case_caseload_report_views.xml",
        "report/case_meeting_report_views.xml",
        "report/case_contact_report_views.xml",
        "report/case_network_report_views.xml",
        "report/case_outcome_report.xml",
        "wizard/case_outcome_report_views.xml",
        "views/case_funding_programme_views.xml",
        "views/case_management_reports_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "case_management_reports/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/case_reports_users_demo.xml",
        "demo/case_outcome_demo.xml",
    ],
}
