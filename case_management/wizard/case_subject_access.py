# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import json
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

COORDINATOR_GROUP = "case_management.case_management_group_coordinator"
LEGAL_BASIS = "GDPR Art. 15"


class CaseSubjectAccess(models.TransientModel):
    """Subject-access export (GDPR Art. 15) for one person: a ZIP with a
    readable PDF summary and machine-readable JSON of what the system holds
    about that person, and only that person. Coordinators only; logged."""

    _name = "case.subject.access"
    _description = "Subject-Access Export"

    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    zip_file = fields.Binary(string="Export", readonly=True, attachment=False)
    zip_filename = fields.Char(readonly=True)

    # ------------------------------------------------------------
    # DATA
    # ------------------------------------------------------------

    def _subject_records(self):
        """Everything linked to the person, read as superuser after the
        coordinator check."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        env = self.env(su=True)
        # the same rule as the family's own shares (one helper)
        cases = env["case.case"]._case_data_subject_cases(partner)
        return {
            "partner": partner,
            "cases": cases,
            # the consents the person gave or that concern them; a consent
            # naming a professional as a recipient is the family's data
            "consents": env["case.consent"].search(
                [
                    "|",
                    ("signer_id", "=", partner.id),
                    ("concerned_partner_ids", "in", partner.ids),
                ]
            ),
            "disclosures": env["case.disclosure"].search(
                ["|", ("partner_id", "=", partner.id), ("case_id", "in", cases.ids)]
            ),
            "participations": env["case.participant"]
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)]),
            "factors": env["case.factor"].search(
                [
                    ("case_id", "in", cases.ids),
                    "|",
                    ("partner_id", "=", partner.id),
                    ("partner_id", "=", False),
                ]
            ),
            "contacts": env["case.contact"].search(
                [("partner_ids", "in", partner.ids)]
            ),
            "attendances": env["case.meeting.attendee"].search(
                [("partner_id", "=", partner.id)]
            ),
            "decisions": env["case.meeting.decision"].search(
                [("partner_id", "=", partner.id)]
            ),
            # what a child said at a child-involved conference is the child's
            "child_priorities": env["case.meeting.child.priority"].search(
                [
                    ("case_id", "in", cases.ids),
                    ("case_id.focus_partner_ids", "in", partner.ids),
                ]
            ),
            "plans": env["case.plan"].search([("case_id", "in", cases.ids)]),
            "plan_steps": env["case.plan.step"].search(
                [("partner_id", "=", partner.id)]
            ),
            "plan_signatures": env["case.plan.signatory"].search(
                [("partner_id", "=", partner.id)]
            ),
        }

    @api.model
    def _json_value(self, value):
        if isinstance(value, models.BaseModel):
            return [{"id": r.id, "name": r.display_name} for r in value]
        if value is False:
            return None
        return value

    def _record_dict(self, record, fnames):
        return {
            fname: self._json_value(record[fname])
            for fname in fnames
            if fname in record._fields
        }

    def _subject_data(self):
        data = self._subject_records()
        partner = data["partner"]
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    "&",
                    ("res_model", "=", "case.consent"),
                    ("res_id", "in", data["consents"].ids),
                ]
            )
        )
        return {
            "person": self._record_dict(
                partner,
                [
                    "name",
                    "email",
                    "phone",
                    "street",
                    "city",
                    "zip",
                    "birthdate",
                    "family_role",
                    "case_family_id",
                    "communication_notes",
                    "lang",
                ],
            ),
            "cases": [
                self._record_dict(
                    case,
                    [
                        "name",
                        "client_type",
                        "stage_id",
                        "start_date",
                        "end_date",
                        "referral_source",
                        "family_request",
                        "family_aims",
                        "manager_id",
                        "participation_basis",
                        "informed_date",
                    ],
                )
                for case in data["cases"]
            ],
            "consents": [
                self._record_dict(
                    consent,
                    [
                        "name",
                        "case_id",
                        "consent_type",
                        "signer_id",
                        "purpose",
                        "recipient_partner_ids",
                        "category_ids",
                        "valid_from",
                        "valid_to",
                        "state",
                        "withdrawn_date",
                        "withdrawn_reason",
                    ],
                )
                for consent in data["consents"]
            ],
            "disclosures": [
                {
                    **self._record_dict(
                        disc,
                        [
                            "case_id",
                            "partner_id",
                            "category_ids",
                            "label",
                            "channel",
                            "consent_id",
                            "legal_basis",
                            "state",
                        ],
                    ),
                    "date": fields.Datetime.to_string(disc.date),
                }
                for disc in data["disclosures"]
            ],
            "participations": [
                self._record_dict(
                    p, ["case_id", "role_id", "date_from", "date_to", "state"]
                )
                for p in data["participations"]
            ],
            "factors": [
                self._record_dict(
                    f,
                    [
                        "case_id",
                        "kind",
                        "category_id",
                        "description",
                        "identified_on",
                        "resolved_on",
                    ],
                )
                for f in data["factors"]
            ],
            "contacts": [
                {
                    **self._record_dict(
                        c, ["case_id", "contact_type", "state", "note"]
                    ),
                    "date": fields.Datetime.to_string(c.date),
                }
                for c in data["contacts"]
            ],
            "meetings": [
                {
                    **self._record_dict(
                        line,
                        ["case_id", "meeting_id", "expected_role", "rsvp"],
                    ),
                    "format": line.meeting_id.meeting_format,
                    "start": fields.Datetime.to_string(line.meeting_id.start),
                    "attendance": line.attendance or None,
                    "signed_minutes": line.signed,
                }
                for line in data["attendances"]
            ],
            "decisions": [
                self._record_dict(
                    d, ["case_id", "meeting_id", "what", "date_due", "state"]
                )
                for d in data["decisions"]
            ],
            "child_priorities": [
                {
                    **self._record_dict(p, ["case_id", "meeting_id", "kind", "wish"]),
                    "rank": p.rank,
                }
                for p in data["child_priorities"]
            ],
            "plans": [
                {
                    **self._record_dict(
                        plan,
                        ["name", "case_id", "state", "date_start", "date_end"],
                    ),
                    "goals": [
                        self._record_dict(
                            goal, ["name", "priority", "horizon", "origin", "state"]
                        )
                        for goal in plan.goal_ids
                    ],
                }
                for plan in data["plans"]
            ],
            "plan_steps": [
                self._record_dict(
                    step, ["plan_id", "name", "means", "date_due", "state"]
                )
                for step in data["plan_steps"]
            ],
            "plan_signatures": [
                self._record_dict(sig, ["plan_id", "kind", "date"])
                for sig in data["plan_signatures"]
            ],
            "attachments": [
                {"name": a.name, "mimetype": a.mimetype, "size": a.file_size}
                for a in attachments
            ],
        }

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(_("Only a coordinator can run a subject-access export."))
        data = self._subject_data()
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "case_management.action_report_case_subject_access", self.ids
            )
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("summary.pdf", pdf)
            archive.writestr(
                "data.json",
                json.dumps(data, ensure_ascii=False, indent=2, default=str),
            )
        filename = f"subject-access-{fields.Date.context_today(self)}.zip"
        self.write(
            {"zip_file": base64.b64encode(buffer.getvalue()), "zip_filename": filename}
        )
        self._log_export()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=zip_file"
            "&filename_field=zip_filename&download=true",
            "target": "self",
        }

    def _log_export(self):
        records = self._subject_records()
        partner = records["partner"]
        categories = self.env["case.data.category"].sudo().search([])
        for case in records["cases"]:
            case.with_user(self.env.user)._case_log_access("export")
            case._case_disclose(
                partner,
                categories,
                label=_("Subject-access export"),
                channel="subject_access",
                legal_basis=LEGAL_BASIS,
                raise_if_refused=False,
            )
        partner.message_post(
            body=_(
                "Subject-access export (GDPR Art. 15) produced by %(user)s.",
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
