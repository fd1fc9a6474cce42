# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def uninstall_hook(env):
    """Our activity types leave with the addon. Their open activities (e.g.
    "Prepare the child" on a meeting created by a user) and activity plan
    lines using them hold them through ``ondelete="restrict"``: remove those
    first, or deleting the types fails and logs an error at uninstall."""
    type_ids = (
        env["ir.model.data"]
        .sudo()
        .search(
            [("module", "=", "case_management"), ("model", "=", "mail.activity.type")]
        )
        .mapped("res_id")
    )
    if not type_ids:
        return
    activities = env["mail.activity"].sudo().with_context(active_test=False)
    activities.search([("activity_type_id", "in", type_ids)]).unlink()
    env["mail.activity.plan.template"].sudo().search(
        [("activity_type_id", "in", type_ids)]
    ).unlink()
