"""Last end-to-end test (files run in name order): the addons uninstall cleanly.

School and reports first (they depend on core), then core itself; afterwards
no model of the suite remains in the registry.
"""

from .test_server import ADDONS


def _state(admin, name):
    rows = admin.call(
        "ir.module.module", "search_read", [("name", "=", name)], fields=["state"]
    )
    return rows[0]["state"]


def test_addons_uninstall_cleanly(admin):
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
