# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public page of the availability poll: no login, the link's token is the
only credential (constant-time check, expiry). Bad, expired and closed links
get the same neutral page; nothing about the case shows but the neutral
title and the slots."""

from odoo import http
from odoo.http import request

from ..models.case_meeting_poll import ANSWERS
from .public_link import rate_limited

HEADERS = {
    # The URL holds the token: keep it out of Referer headers and caches.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


class CaseMeetingPollController(http.Controller):
    # csrf=False: the secret token in the URL already proves the request
    # comes from the link's holder; a forged cross-site form cannot know it.
    @http.route(
        "/case/poll/<int:poll_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def case_meeting_poll(self, poll_id, token, **post):
        limited = rate_limited("poll", token)
        if limited:
            return limited
        Invitee = request.env["case.meeting.poll.invitee"]
        invitee, status = Invitee._find_by_token(poll_id, token)
        if status != "ok":
            # wrong, expired, closed: the same page, the same status
            return self._render(
                "case_management.case_meeting_poll_page_invalid", {}, 404
            )
        invitee = invitee.sudo()
        lang = invitee.partner_id.lang
        if lang and request.env["res.lang"]._lang_get(lang):
            request.update_context(lang=lang)
            invitee = invitee.with_context(lang=lang)
        saved = False
        if request.httprequest.method == "POST":
            answers = {}
            for slot in invitee.poll_id.slot_ids:
                value = post.get(f"slot_{slot.id}")
                if value:
                    answers[slot.id] = value
            invitee._record_answers(answers)
            saved = True
        given = {answer.slot_id.id: answer.answer for answer in invitee.answer_ids}
        poll = invitee.poll_id
        return self._render(
            "case_management.case_meeting_poll_page",
            {
                "title": poll.name,
                "slots": [(slot.id, slot.display_label) for slot in poll.slot_ids],
                "given": given,
                "choices": [code for code, _label in ANSWERS],
                "saved": saved,
                "action": f"/case/poll/{poll.id}/{token}",
            },
            200,
        )

    def _render(self, template, values, status):
        response = request.render(template, values, status=status)
        response.headers.update(HEADERS)
        return response
