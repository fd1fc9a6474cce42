# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_meeting import CaseMeetingCommon


@tagged("post_install", "-at_install", "case_meeting")
class TestCaseMeetingRsvp(CaseMeetingCommon, HttpCase):
    def test_rsvp_link(self):
        meeting = self._meeting()
        meeting.action_send_invitations()
        line = meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        url = line._rsvp_url("accept")
        self.assertIn(url, self._meeting_mails(meeting, self.school_teacher).body_html)
        path = url[len(line.get_base_url()) :]
        # GET only asks for confirmation (link scanners must not answer)
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(meeting.name, response.text)
        self.assertNotIn("Jakub", response.text)
        self.assertEqual(line.rsvp, "needs_action")
        response = self.url_open(path, data={"confirm": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(line.rsvp, "accepted")
        # an external invitee is never a calendar attendee (issue 11)
        cal_attendee = meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        self.assertFalse(cal_attendee)
        # a bad token is refused
        bad = path[:-4] + "0000"
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(bad).status_code, 404)
            response = self.url_open(
                path.replace("/accept/", "/decline/")[:-4] + "0000",
                data={"confirm": "1"},
            )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(line.rsvp, "accepted")
