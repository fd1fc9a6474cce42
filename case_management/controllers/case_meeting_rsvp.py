# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Accept / decline links of case-meeting invitations.

The link carries an HMAC token per invitee (checked in constant time). A GET
only shows a confirmation page (mail scanners that follow links must not
answer for the invitee); the POST of that page records the answer. The page
shows nothing but the neutral title and the time.
"""

from markupsafe import Markup, escape

from odoo import _, http
from odoo.http import request
from odoo.tools.misc import format_datetime

from .public_link import rate_limited

ANSWERS = {
    "accept": "accepted",
    "decline": "declined",
    "tentative": "tentative",
}


class CaseMeetingRsvpController(http.Controller):
    def _attendee(self, attendee_id, token):
        # one indexed lookup by the token's hash; the link dies with the
        # meeting, the case's closure, a gate refusal or its lifetime
        attendee = request.env["case.meeting.attendee"]._find_by_rsvp_token(
            attendee_id, token
        )
        return attendee or None

    def _page(self, attendee, body):
        lang = attendee.partner_id.lang or "en_US"
        meeting = attendee.meeting_id.with_context(lang=lang)
        when = format_datetime(
            request.env(context=dict(request.env.context, lang=lang)),
            meeting.start,
            tz=meeting._tz(),
            dt_format="medium",
        )
        html = Markup(
            "<!DOCTYPE html><html><head><meta charset='utf-8'/>"
            "<meta name='robots' content='noindex'/><title>%s</title></head>"
            "<body style='font-family:sans-serif;max-width:40em;margin:2em auto'>"
            "<h1>%s</h1><p>%s</p>%s</body></html>"
        ) % (meeting.name, meeting.name, when, body)
        return request.make_response(
            html,
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-store"),
                ("X-Robots-Tag", "noindex"),
            ],
        )

    @http.route(
        "/case/meeting/rsvp/<int:attendee_id>/<string:answer>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def rsvp_confirm(self, attendee_id, answer, token, **kwargs):
        limited = rate_limited("rsvp", token)
        if limited:
            return limited
        attendee = self._attendee(attendee_id, token)
        if not attendee or answer not in ANSWERS:
            return request.not_found()
        lang = attendee.partner_id.lang or "en_US"
        label = {
            "accept": _("Accept the invitation"),
            "decline": _("Decline the invitation"),
            "tentative": _("Tentatively accept"),
        }
        request.update_context(lang=lang)
        form = (
            Markup(
                "<form method='post'><button type='submit' name='confirm' value='1'>"
                "%s</button></form>"
            )
            % label[answer]
        )
        return self._page(attendee, form)

    @http.route(
        "/case/meeting/rsvp/<int:attendee_id>/<string:answer>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def rsvp_submit(self, attendee_id, answer, token, **kwargs):
        # csrf=False: the per-invitee HMAC token in the URL is the credential.
        limited = rate_limited("rsvp", token)
        if limited:
            return limited
        attendee = self._attendee(attendee_id, token)
        if not attendee or answer not in ANSWERS:
            return request.not_found()
        attendee._set_rsvp(ANSWERS[answer], _("link in the invitation"))
        request.update_context(lang=attendee.partner_id.lang or "en_US")
        return self._page(
            attendee,
            Markup("<p>%s</p>") % escape(_("Thank you, your answer is recorded.")),
        )
