"""Installs the Python dependencies of the case-management addons.

``pip install -e .`` into the Python of an installed Odoo 18.0. It never
downloads Odoo: ``odoo`` is not listed, because Odoo 18.0 is on no package
registry; ``./casectl`` checks for it instead. The three addons are found by
Odoo through the addons path that ``./casectl`` writes into its config
(this folder next to Odoo's own ``odoo/addons``).
"""

from setuptools import setup

setup(
    name="case-management-suite",
    version="18.0.1.0.0",
    description="Odoo 18 addons for social-work case management (development set-up)",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=[],
    install_requires=[
        "psycopg2",
        "python-dateutil",
        "odoo-test-helper",
        "icalendar>=6",
        "xlsxwriter",
        "aiosmtpd",
        "weasyprint>=62",
        "pypdf>=4",
        "openpyxl>=3",
        "pytest",
        "websocket-client",
        "hypothesis>=6.100,<7",
        # OCA report_xlsx, the XLSX engine of the reports addon; the newest
        # 18.0 release that installs against the Odoo 18.0 snapshot used here.
        "odoo-addon-report_xlsx==18.0.1.1.3",
        # Odoo's gevent process (websockets of a multi-worker server) loads
        # gevent's plugins through pkg_resources (setuptools < 81), which does
        # not find these two under their newer dist-info names
        # (zope_interface-8.x, zope_event-5.1): the process exits at start
        # and /websocket answers 502 (tests/test_nginx_e2e.py)
        "setuptools<81",
        "zope.interface<8",
        "zope.event<5.1",
    ],
)
