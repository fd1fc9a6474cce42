"""End-to-end fixtures: a JSON-RPC client for the running Odoo, the SMTP sink's
mail folder and a headless Chromium driven over the DevTools protocol.

``./casectl test`` starts Odoo (database ``CASE_DB`` at ``CASE_URL``) and the
SMTP sink (writing to ``CASE_MAIL_DIR``) before it runs pytest on this folder.
"""

import os
from pathlib import Path

import pytest

from .helpers import MailSink, OdooClient

REQUIRED = ("CASE_URL", "CASE_DB", "CASE_MAIL_DIR")


def pytest_configure(config):
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(
            "These end-to-end tests run against a live Odoo started by "
            "`./casectl test`; missing: " + ", ".join(missing)
        )


@pytest.fixture(scope="session")
def base_url():
    return os.environ["CASE_URL"]


@pytest.fixture(scope="session")
def db_name():
    return os.environ["CASE_DB"]


@pytest.fixture()
def admin(base_url, db_name):
    client = OdooClient(base_url, db_name)
    client.login("admin", "admin")
    return client


@pytest.fixture()
def anonymous(base_url, db_name):
    return OdooClient(base_url, db_name)


@pytest.fixture()
def mail_sink():
    return MailSink(Path(os.environ["CASE_MAIL_DIR"]))
