# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Case Management: School Outcome Reports",
    "summary": "School outcomes before and after in the analyses and "
    "per-school programme indicators",
    "version": "18.0.1.0.0",
    "category": "Services/Case Management",
    "website": "https://github.com/OCA/case-management",
    "author": "Case Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["case_management_reports", "case_management_school"],
    "data": [
        "security/ir.model.access.csv",
        "security/case_school_outcome_report_security.xml",
        "views/case_school_outcome_report_views.xml",
    ],
    "demo": ["demo/case_school_indicator_demo.xml"],
}
