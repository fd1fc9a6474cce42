# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

OSPOD_SUPERVISION_SELECTION = [
    ("never", "Never needed (not started)"),
    ("ended", "Ended during the support"),
    ("continues", "Continues after closure"),
    ("started", "Started during the support"),
]
# Outcome flags recorded at closure: (field, label) - the reports count them.
CLOSURE_OUTCOME_FLAGS = [
    ("outcome_removal_prevented", "Removal of a child prevented"),
    ("outcome_child_returned", "A child returned home"),
    ("outcome_crisis_contacts", "The family knows whom to call in a crisis"),
    ("outcome_independent", "More independent, less need for help"),
    ("outcome_services_continue", "Services continue after closure"),
    ("outcome_parent_work", "Parent in public service or looking for work"),
    ("outcome_benefits", "Benefits secured"),
]


class CaseCase(models.Model):
    _inherit = "case.case"

    funding_period_ids = fields.One2many(
        "case.funding.period",
        "case_id",
        string="Funding Periods",
        help="Which programme pays for the case when: reports split case-months, "
        "contacts and meetings by these dates.",
    )
    # Outcomes at closure (A12 12.7, 12.8, 12.15): counted, never printed
    # per case in funder outputs.
    ospod_supervision = fields.Selection(
        OSPOD_SUPERVISION_SELECTION,
        string="OSPOD Supervision",
        copy=False,
        tracking=True,
        help="Child-protection (OSPOD) supervision over the family: never "
        "started, ended during our support, continues, or started during it.",
    )
    outcome_removal_prevented = fields.Boolean(
        string="Removal of a child prevented", copy=False
    )
    outcome_child_returned = fields.Boolean(string="A child returned home", copy=False)
    outcome_crisis_contacts = fields.Boolean(
        string="The family knows whom to call in a crisis", copy=False
    )
    outcome_independent = fields.Boolean(
        string="More independent, less need for help", copy=False
    )
    outcome_services_continue = fields.Boolean(
        string="Services continue after closure", copy=False
    )
    outcome_parent_work = fields.Boolean(
        string="Parent in public service or looking for work", copy=False
    )
    outcome_benefits = fields.Boolean(string="Benefits secured", copy=False)
