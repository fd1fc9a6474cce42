# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain language for the family (A6 6.24): a glossary of abbreviations and
jargon, the check of the family's copy of the minutes and of the family plan
for terms a parent may not know, and the glossary printed at their end."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import plain_language


class CaseGlossaryTerm(models.Model):
    _name = "case.glossary.term"
    _description = "Glossary Term"
    _order = "name, id"

    name = fields.Char(
        string="Term",
        required=True,
        help="The abbreviation or expression as professionals write it, e.g. "
        "OSPOD. Terms in capitals are matched case-sensitively, Czech endings "
        "included (OSPODu, SASky); other terms in any case and declension.",
    )
    explanation = fields.Text(
        required=True,
        translate=True,
        help="Plain words a parent understands. Printed in the glossary at the "
        "end of the family's copy of the minutes and of the family plan.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty to share the term with every organisation.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "This term is already in the organisation's glossary.",
        ),
    ]

    @api.constrains("name", "company_id")
    def _check_name(self):
        for term in self:
            if not (term.name or "").strip():
                raise ValidationError(_("A glossary term needs a name."))
            # unique(name, company_id) lets NULL companies repeat a name
            duplicate = self.with_context(active_test=False).search_count(
                [
                    ("id", "!=", term.id),
                    ("name", "=", term.name),
                    ("company_id", "=", term.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "%(term)s is already in the glossary.",
                        term=term.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name"):
                vals["name"] = " ".join(vals["name"].split())
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("name"):
            vals["name"] = " ".join(vals["name"].split())
        return super().write(vals)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _glossary_for(self, company):
        """Active terms of ``company`` and the shared ones, keyed by name; a
        company's own term overrides a shared term of the same name."""
        terms = (
            self.sudo()
            .with_context(active_test=True)
            # one query for the terms and their fields, read right below
            .search_fetch(
                [("company_id", "in", [company.id, False])],
                ["name", "explanation", "company_id"],
            )
        )
        glossary = {}
        for term in terms.sorted(lambda t: bool(t.company_id)):
            glossary[term.name] = term
        return glossary

    @api.model
    def _find_in(self, texts, company, unexplained=False):
        """Glossary terms (sudo) that ``texts`` use, in order of first use;
        with ``unexplained`` only those the texts do not explain."""
        glossary = self._glossary_for(company)
        if not glossary:
            return self.sudo()
        text = "\n\n".join(t for t in texts if t)
        find = (
            plain_language.find_unexplained if unexplained else plain_language.find_used
        )
        names = find(text, glossary)
        return self.sudo().browse([glossary[name].id for name in names])

    def _glossary_text(self):
        return plain_language.glossary_text(
            self.mapped("name"), {t.name: t.explanation for t in self}
        )

    def _action_open(self, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "case.glossary.term",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.ids)],
            "target": "current",
        }


class PlainLanguageMixin(models.AbstractModel):
    """What the family receives from a document, checked against the
    glossary. Implement ``_family_texts()``."""

    _name = "case.plain.language.mixin"
    _description = "Plain Language Check"

    plain_language_terms = fields.Char(
        compute="_compute_plain_language",
        string="Unexplained Terms",
        help="Terms of the glossary that the family's copy uses without "
        "explaining them.",
    )
    plain_language_glossary = fields.Text(
        compute="_compute_plain_language",
        string="Glossary Text",
        help="The glossary lines for the unexplained terms, ready to copy.",
    )

    @api.depends_context("lang")
    def _compute_plain_language(self):
        Term = self.env["case.glossary.term"]
        for record in self:
            terms = Term._find_in(
                record._family_texts(), record.company_id, unexplained=True
            )
            record.plain_language_terms = ", ".join(terms.mapped("name")) or False
            record.plain_language_glossary = terms._glossary_text() or False

    def _family_texts(self):
        """The texts of the family's copy, as a list of strings."""
        raise NotImplementedError()

    def _family_glossary_terms(self):
        """Glossary terms used by the family's copy (explained in the text or
        not), in order of first use: printed at the end of the copy."""
        self.ensure_one()
        return self.env["case.glossary.term"]._find_in(
            self._family_texts(), self.company_id
        )

    def action_show_glossary(self):
        self.ensure_one()
        terms = self.env["case.glossary.term"]._find_in(
            self._family_texts(), self.company_id, unexplained=True
        )
        return terms.with_env(self.env)._action_open(_("Glossary"))


# pylint: disable=consider-merging-classes-inherited


class CaseMeeting(models.Model):
    _name = "case.meeting"
    _inherit = ["case.meeting", "case.plain.language.mixin"]

    @api.depends(
        "location",
        "attendee_ids.partner_id.name",
        "attendee_ids.attendance",
        "minutes_item_ids.topic",
        "minutes_item_ids.summary",
        "meeting_format",
        "child_wishes",
        "child_priority_ids.wish",
        "decision_ids.what",
        "decision_ids.responsible_type",
        "decision_ids.user_id.name",
        "decision_ids.partner_id.name",
        "company_id",
    )
    def _compute_plain_language(self):
        return super()._compute_plain_language()

    def _family_texts(self):
        """What report_case_meeting_minutes_family_document prints."""
        self.ensure_one()
        texts = [self.location or ""]
        texts += self.attendee_ids.filtered(
            lambda a: a.attendance == "present"
        ).partner_id.mapped("name")
        for item in self.minutes_item_ids:
            texts += [item.topic or "", item.summary or ""]
        if self.meeting_format == "child_conference":
            texts.append(self.child_wishes or "")
            texts += self.child_priority_ids.sorted("sequence").mapped("wish")
        for decision in self.decision_ids:
            texts += [decision._who(), decision.what or ""]
        return texts


class CasePlan(models.Model):
    _name = "case.plan"
    _inherit = ["case.plan", "case.plain.language.mixin"]

    @api.depends(
        "goal_ids.name",
        "goal_ids.state",
        "goal_ids.indicator",
        "goal_ids.consequence",
        "goal_ids.plan_b",
        "step_ids.name",
        "step_ids.state",
        "step_ids.responsible_name",
        "plan_b",
        "signatory_ids.partner_id.name",
        "company_id",
    )
    def _compute_plain_language(self):
        return super()._compute_plain_language()

    def _family_texts(self):
        """What report_case_plan_family_document prints."""
        self.ensure_one()
        texts = []
        for goal in self.goal_ids.filtered(lambda g: g.state != "dropped"):
            texts += [goal.name or "", goal.indicator or "", goal.consequence or ""]
        for step in self.step_ids.filtered(
            lambda s: s.state in ("planned", "in_progress")
        ):
            texts += [step.responsible_name or "", step.name or ""]
        texts.append(self.plan_b or "")
        for goal in self.goal_ids.filtered("plan_b"):
            texts += [goal.name or "", goal.plan_b or ""]
        texts += self.signatory_ids.partner_id.mapped("name")
        return texts
