# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Case Management",
    "summary": "Coordinate the professionals around an at-risk family or client: "
    "case file, consent, meetings, family plan",
    "version": "18.0.1.0.0",
    "category": "Services/Case Management",
    "website": "https://github.com/OCA/case-management",
    "author": "Case Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": ["mail", "calendar", "contacts", "resource"],
    "external_dependencies": {"python": ["weasyprint"]},
    "data": [
        "security/case_management_groups.xml",
        "security/ir.model.access.csv",
        "views/case_management_menus.xml",
    ],
    "demo": [],
}
