# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Case Management: Schools",
    "summary": "Schools, classes, pupils and school signals for case management",
    "version": "18.0.1.0.0",
    "category": "Services/Case Management",
    "website": "https://github.com/OCA/case-management",
    "author": "Case Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["case_management"],
    "data": [
        "security/case_management_school_groups.xml",
        "data/case_meeting_reason_data.xml",
        "views/res_partner_views.xml",
        "views/case_case_views.xml",
        "views/case_management_school_menus.xml",
    ],
}
