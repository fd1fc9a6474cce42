"""The running server: JSON-RPC, the browser login, the SMTP sink."""

import uuid

import pytest

from .helpers import Chromium, RPCError, screenshot_dir

ADDONS = [
    "case_management",
    "case_management_school",
    "case_management_reports",
    "case_management_reports_school",
]


def test_three_addons_installed_over_jsonrpc(admin):
    mods = admin.call(
        "ir.module.module",
        "search_read",
        [("name", "in", ADDONS)],
        fields=["name", "state"],
    )
    assert {m["name"]: m["state"] for m in mods} == dict.fromkeys(ADDONS, "installed")


def test_wrong_password_is_refused(anonymous):
    with pytest.raises(RPCError) as err:
        anonymous.login("admin", "not-the-password")
    assert "AccessDenied" in err.value.name


def test_anonymous_rpc_has_no_session(anonymous):
    with pytest.raises(RPCError) as err:
        anonymous.call("res.partner", "search_read", [], fields=["name"], limit=1)
    assert "SessionExpired" in err.value.name


def test_outgoing_mail_lands_in_sink_as_eml(admin, mail_sink):
    """A mail sent by Odoo's queue reaches the SMTP sink intact (UTF-8, Czech)."""
    before = mail_sink.names()
    token = uuid.uuid4().hex[:8]
    subject = f"Pozvánka na případovou konferenci {token} – Žluťoučký kůň"
    mail_id = admin.call(
        "mail.mail",
        "create",
        {
            "subject": subject,
            "email_from": "case-management@example.org",
            "email_to": "rodic@example.org",
            "body_html": "<p>Dobrý den, posíláme zápis.</p>",
        },
    )
    admin.call("mail.mail", "send", [mail_id])
    found = mail_sink.wait_for(lambda m: token in str(m["subject"]), since=before)
    assert len(found) == 1
    msg = found[0]
    assert msg["subject"] == subject
    assert "rodic@example.org" in msg["To"]
    body = msg.get_body(preferencelist=("html", "plain")).get_content()
    assert "posíláme zápis" in body
    state = admin.call(
        "mail.mail", "search_read", [("id", "=", mail_id)], fields=["state"]
    )
    # sent mails are deleted by default (auto_delete) or marked sent
    assert not state or state[0]["state"] == "sent"


def test_browser_login_shows_case_management_app(base_url, db_name):
    """Log in through the real login form in headless Chromium."""
    browser = Chromium()
    try:
        browser.goto(f"{base_url}/web/login?db={db_name}")
        browser.wait_for("document.querySelector('input[name=login]')")
        browser.evaluate(
            "document.querySelector('input[name=login]').value = 'admin';"
            "document.querySelector('input[name=password]').value = 'admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        browser.wait_for("document.querySelector('.o_main_navbar')", timeout=90)
        browser.wait_for("document.querySelector('.o_action_manager')", timeout=30)
        browser.screenshot(screenshot_dir() / "after-login.png")
        assert browser.evaluate("location.pathname").startswith("/odoo")
        apps = browser.evaluate(
            "fetch('/web/webclient/load_menus/' + Date.now()).then(r => r.json())"
            ".then(m => Object.values(m).map(x => x.xmlid || ''))"
        )
        assert "case_management.case_management_menu_root" in apps
    finally:
        browser.close()
