# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The contacts' record rule now tests res.partner.case_user_ids (filled in SQL
by ResPartner._auto_init when the relation is created). The rule lives in a
noupdate file: bring its domain to the one of the module's data."""

from lxml import etree

from odoo.tools.misc import file_path

RULE = "res_partner_rule_case_person"


def migrate(cr, version):
    tree = etree.parse(file_path("case_management/security/case_privacy_security.xml"))
    domain = tree.xpath(f"//record[@id='{RULE}']/field[@name='domain_force']")[0].text
    cr.execute(
        "UPDATE ir_rule SET domain_force = %s WHERE id = ("
        "SELECT res_id FROM ir_model_data WHERE module = 'case_management' "
        "AND name = %s AND model = 'ir.rule')",
        (domain, RULE),
    )
