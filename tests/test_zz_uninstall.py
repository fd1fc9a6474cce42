"""Last end-to-end test (files run in name order): the addons uninstall cleanly.

School and reports first (they depend on core), then core itself; afterwards
no model of the suite remains in the registry. A meeting a user planned
with an open "Prepare the child" to-do does not stop it.
"""

import uuid
from datetime import datetime, timedelta, timezone

from .helpers import create_family_case, create_meeting
from .test_server import ADDONS

PREP_TYPE = "mail_activity_type_case_meeting_prepare_child"


def _state(admin, name):
    rows = admin.call(
        "ir.module.module", "search_read", [("name", "=", name)], fields=["state"]
    )
    return rows[0]["state"]


def _open_prep_activity(admin):
    """A child-involved conference a user planned (no external id) whose
    child is not prepared yet: its "Prepare the child" to-do is open."""
    case_id, _mother = create_family_case(admin, uuid.uuid4().hex[:8])
    start = datetime.now(timezone.utc) + timedelta(days=10)
    meeting_id = create_meeting(
        admin,
        case_id,
        [],
        meeting_format="child_conference",
        start=start.strftime("%Y-%m-%d 08:00:00"),
        user_id=admin.uid,
    )
    type_id = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "case_management"), ("name", "=", PREP_TYPE)],
        fields=["res_id"],
    )[0]["res_id"]
    activities = admin.call(
        "mail.activity",
        "search",
        [
            ("res_model", "=", "case.meeting"),
            ("res_id", "=", meeting_id),
            ("activity_type_id", "=", type_id),
        ],
    )
    assert len(activities) == 1
    return type_id


def test_addons_uninstall_cleanly(admin):
    prep_type_id = _open_prep_activity(admin)
    for name in reversed(ADDONS):  # reports, school, then core
        mod_ids = admin.call("ir.module.module", "search", [("name", "=", name)])
        admin.call("ir.module.module", "button_immediate_uninstall", mod_ids)
        assert _state(admin, name) == "uninstalled", name
    leftovers = admin.call(
        "ir.model", "search_read", [("model", "=like", "case.%")], fields=["model"]
    )
    assert leftovers == []
    groups = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "in", ADDONS), ("model", "=", "res.groups")],
        fields=["name"],
    )
    assert groups == []
    # our activity types went with the addon (the open to-do did not hold
    # them; the server log has no "bad query" error, which fails the run)
    assert admin.call("mail.activity.type", "search", [("id", "=", prep_type_id)]) == []
    leftover_data = admin.call(
        "ir.model.data", "search_count", [("module", "in", ADDONS)]
    )
    assert leftover_data == 0
