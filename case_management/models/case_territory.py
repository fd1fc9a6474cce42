# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TERRITORY_KIND_SELECTION = [
    ("region", "Region"),
    ("orp", "ORP (municipality with extended powers)"),
    ("municipality", "Municipality"),
    ("district", "Town district or locality"),
]
KIND_ORDER = {
    kind: rank for rank, (kind, _label) in enumerate(TERRITORY_KIND_SELECTION)
}


class CaseTerritory(models.Model):
    """A configurable hierarchy region > ORP > municipality (A9 9.3, A14 14.2):
    the territory a provider serves, a case belongs to, a gap was found in."""

    _name = "case.territory"
    _description = "Territory"
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        TERRITORY_KIND_SELECTION, required=True, default="municipality"
    )
    code = fields.Char(help="Official code (e.g. the ORP or municipality code).")
    parent_id = fields.Many2one(
        "case.territory", string="Part Of", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("case.territory", "parent_id", string="Contains")
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for territory in self:
            if territory.parent_id:
                territory.complete_name = (
                    f"{territory.parent_id.complete_name} / {territory.name}"
                )
            else:
                territory.complete_name = territory.name

    @api.constrains("parent_id", "kind")
    def _check_hierarchy(self):
        if self._has_cycle():
            raise ValidationError(_("A territory cannot be part of itself."))
        for territory in self:
            parent = territory.parent_id
            if parent and KIND_ORDER[parent.kind] >= KIND_ORDER[territory.kind]:
                raise ValidationError(
                    _(
                        "%(territory)s cannot be part of %(parent)s: a territory "
                        "is part of a larger one (region > ORP > municipality).",
                        territory=territory.name,
                        parent=parent.name,
                    )
                )

    def _orp(self):
        """The ORP (or, failing one, the top territory) above each territory."""
        self.ensure_one()
        territory = self
        while territory.parent_id and territory.kind not in ("orp", "region"):
            territory = territory.parent_id
        return territory
