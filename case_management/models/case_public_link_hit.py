# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A small rate limiter for the public links (RSVP, availability poll).

One row per key (``ip:<address>`` or ``token:<hash prefix>``) and minute,
counted with one ``INSERT ... ON CONFLICT DO UPDATE`` in a cursor of its own:
it works across workers and servers (the count lives in PostgreSQL) and costs
one indexed upsert per request. Rows older than an hour are deleted now and
then by the same code path, so the table stays tiny."""

import logging
import random

import psycopg2

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

DEFAULT_PER_IP = 60
DEFAULT_PER_TOKEN = 20


class CasePublicLinkHit(models.Model):
    _name = "case.public.link.hit"
    _description = "Public Link Request Counter"
    _log_access = False

    key = fields.Char(required=True, index=True)
    minute = fields.Datetime(required=True, index=True)
    count = fields.Integer(default=0)

    _sql_constraints = [
        ("key_minute_uniq", "unique(key, minute)", "One counter per key and minute."),
    ]

    @api.model
    def _limit(self, name, default):
        value = self.env["ir.config_parameter"].sudo().get_param(name, default)
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return default

    @api.model
    def _hit(self, keys):
        """Count one request for each key; return True when one of them went
        over its limit this minute. ``keys``: ``{key: limit}``."""
        over = False
        try:
            with self.pool.cursor() as cr:
                for key, limit in keys.items():
                    cr.execute(
                        """
                        INSERT INTO case_public_link_hit (key, minute, count)
                        VALUES (%s, date_trunc('minute', now() at time zone 'utc'), 1)
                        ON CONFLICT (key, minute)
                        DO UPDATE SET count = case_public_link_hit.count + 1
                        RETURNING count
                        """,
                        (key[:100],),
                    )
                    if cr.fetchone()[0] > limit:
                        over = True
                if random.random() < 0.02:
                    cr.execute(
                        "DELETE FROM case_public_link_hit "
                        "WHERE minute < (now() at time zone 'utc') - interval '1 hour'"
                    )
        except psycopg2.Error as error:
            # two requests counted the same row at the same instant: let it pass
            _logger.info("Public link counter skipped: %s", error)
        return over
