# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared guard of the public links: a rate limit per client address and per
token (see ``case.public.link.hit``)."""

import hashlib

from odoo.http import request

from ..models.case_public_link_hit import DEFAULT_PER_IP, DEFAULT_PER_TOKEN


def rate_limited(kind, token):
    """Count this request; return a 429 response when over the limit."""
    Hit = request.env["case.public.link.hit"].sudo()
    address = request.httprequest.remote_addr or "-"
    digest = hashlib.sha256(str(token or "").encode()).hexdigest()[:32]
    keys = {
        f"ip:{address}": Hit._limit(
            "case_management.public_link_rate_ip", DEFAULT_PER_IP
        ),
        f"{kind}:{digest}": Hit._limit(
            "case_management.public_link_rate_token", DEFAULT_PER_TOKEN
        ),
    }
    if not Hit._hit(keys):
        return None
    return request.make_response(
        request.env._("Too many requests, try again in a minute."),
        headers=[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Retry-After", "60"),
            ("Cache-Control", "no-store"),
        ],
        status=429,
    )
