# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The family is not a third party (issue 16): the persons in focus, their
parents and legal representatives and the signer of the consent receive the
family's own papers through the gate without a recipient consent, logged with
the basis "data subject / legal representative"; recorded restrictions and
other members' health data are the explicit exceptions."""

from datetime import timedelta

import icalendar

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_meeting import CaseMeetingCommon


@tagged("case_family")
class TestFamilyShares(CaseMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Family = cls.env["case.family"]
        # Alternating custody: the child lives a week in each household
        cls.home_mother = Family.create({"name": "U maminky"})
        cls.home_father = Family.create({"name": "U tatínka"})
        cls.mother = Partner.create(
            {
                "name": "Lucie Svobodová",
                "email": "lucie.svobodova@example.cz",
                "case_family_id": cls.home_mother.id,
                "family_role": "parent",
                "birthdate": "1987-01-10",
            }
        )
        cls.father = Partner.create(
            {
                "name": "Tomáš Svoboda",
                "email": "tomas.svoboda@example.cz",
                "case_family_id": cls.home_father.id,
                "family_role": "parent",
                "birthdate": "1983-06-01",
            }
        )
        cls.grandmother = Partner.create(
            {
                "name": "Věra Svobodová",
                "email": "vera.svobodova@example.cz",
                "case_family_id": cls.home_mother.id,
                "family_role": "other_adult",
                "birthdate": "1960-06-01",
            }
        )
        cls.child = Partner.create(
            {
                "name": "Amálka Svobodová",
                "case_family_id": cls.home_mother.id,
                "second_family_id": cls.home_father.id,
                "family_role": "child",
                "birthdate": fields.Date.today() - timedelta(days=12 * 365),
            }
        )
        cls.case = cls.env["case.case"].create(
            {
                "family_id": cls.home_mother.id,
                "focus_partner_ids": [Command.set(cls.child.ids)],
                "manager_id": cls.user_manager.id,
                "key_worker_user_id": cls.user_worker.id,
                "referral_source": "school",
            }
        )
        cls.make_consent(
            cls,
            cls.case,
            cls.school_teacher,
            ["basic", "minutes", "family_plan"],
            signer_id=cls.mother.id,
        )
        # an adult client with a court-appointed guardian
        cls.guardian = Partner.create(
            {"name": "JUDr. Opatrovník", "email": "opatrovnik@example.cz"}
        )
        cls.senior = Partner.create(
            {
                "name": "Josef Kratochvíl",
                "email": "josef@example.cz",
                "family_role": "client",
                "birthdate": "1945-02-02",
                "guardian_partner_id": cls.guardian.id,
            }
        )
        cls.case_senior = cls.env["case.case"].create(
            {
                "client_type": "adult",
                "focus_partner_ids": [Command.set(cls.senior.ids)],
                "manager_id": cls.user_manager.id,
                "referral_source": "self",
            }
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def family_check(self, case, partner, codes=("basic",), **kw):
        return case.with_user(self.user_manager)._case_disclosure_check(
            partner, list(codes), family_version=True, **kw
        )

    def assertFamilyAllowed(self, case, partner, role, codes=("basic",)):
        allowed, refused = self.family_check(case, partner, codes)
        self.assertEqual(allowed, partner, refused.get(partner))
        rows = case.with_user(self.user_manager)._case_disclose(
            partner, list(codes), label="Family copy", family_version=True
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.basis, "data_subject")
        self.assertEqual(rows.data_subject_role, role)
        self.assertFalse(rows.consent_id)
        self.assertFalse(rows.legal_basis)
        return rows

    def restrict(self, partner, reason="court", case=None, **vals):
        return self.env["case.family.restriction"].create(
            {
                "case_id": (case or self.case).id,
                "partner_id": partner.id,
                "reason": reason,
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # who is a data subject
    # ------------------------------------------------------------------

    def test_each_parent_of_alternating_custody(self):
        """Both parents, each in their own household, get the family's
        papers; without ``family_version`` (the professionals' version) they
        are third parties and refused as before."""
        for parent in (self.mother, self.father):
            with self.subTest(parent=parent.name):
                self.assertFamilyAllowed(self.case, parent, "parent")
        self.assertGateRefuses(self.case, self.father, ["basic"], self.father.name)

    def test_person_in_focus(self):
        self.assertFamilyAllowed(self.case_senior, self.senior, "focus")
        self.assertFamilyAllowed(self.case, self.child, "focus")

    def test_guardian_and_named_representative(self):
        self.assertFamilyAllowed(
            self.case_senior, self.guardian, "legal_representative"
        )
        # a representative outside the child's households, named explicitly
        aunt = self.env["res.partner"].create(
            {
                "name": "Poručnice",
                "email": "porucnice@example.cz",
                "legal_representative_of_ids": [Command.set(self.child.ids)],
            }
        )
        self.assertFamilyAllowed(self.case, aunt, "legal_representative")

    def test_parent_without_parental_responsibility(self):
        self.father.parental_responsibility = False
        allowed, refused = self.family_check(self.case, self.father)
        self.assertFalse(allowed)
        self.assertIn(self.father.name, refused[self.father])

    def test_signer_of_the_consent(self):
        """The grandmother lives in the household but represents nobody: no
        family share; once she signs the case's consent, she is its signer."""
        allowed, _refused = self.family_check(self.case, self.grandmother)
        self.assertFalse(allowed)
        self.make_consent(
            self.case,
            self.school_teacher,
            ["basic"],
            signer_id=self.grandmother.id,
        )
        self.assertFamilyAllowed(self.case, self.grandmother, "signer")

    def test_professional_still_needs_consent(self):
        allowed, refused = self.family_check(self.case, self.ospod)
        self.assertFalse(allowed)
        self.assertIn("consent", refused[self.ospod])
        rows = self.case._case_disclose(
            self.school_teacher, ["basic"], family_version=True
        )
        self.assertEqual(rows.basis, "consent")
        self.assertTrue(rows.consent_id)

    def test_other_family_is_no_data_subject(self):
        """The mother of another case's child is nobody to this case."""
        allowed, _refused = self.family_check(self.case, self.mother_in)
        self.assertFalse(allowed)

    # ------------------------------------------------------------------
    # exceptions
    # ------------------------------------------------------------------

    def test_restriction_refuses_with_reason(self):
        restriction = self.restrict(
            self.father, "endangers", note="Předběžné opatření soudu"
        )
        allowed, refused = self.family_check(self.case, self.father)
        self.assertFalse(allowed)
        self.assertIn(self.father.name, refused[self.father])
        self.assertIn("Contact endangers the child", refused[self.father])
        with self.assertRaises(UserError) as error:
            self.case._case_send_mail(
                self.father, ["basic"], "x", "<p>x</p>", family_version=True
            )
        self.assertIn("must not receive", str(error.exception))
        # the mother is not concerned
        self.assertFamilyAllowed(self.case, self.mother, "parent")
        # a consent does not lift it either
        self.make_consent(self.case, self.father, ["basic"], signer_id=self.mother.id)
        self.assertGateRefuses(self.case, self.father, ["basic"], "must not receive")
        # ended yesterday: allowed again
        restriction.write(
            {
                "date_from": fields.Date.today() - timedelta(days=30),
                "date_to": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertFamilyAllowed(self.case, self.father, "parent")

    def test_restriction_for_each_reason(self):
        reasons = [
            key
            for key, _label in self.env["case.family.restriction"]
            ._fields["reason"]
            .selection
        ]
        for reason in reasons:
            with self.subTest(reason=reason):
                restriction = self.restrict(self.mother, reason)
                allowed, refused = self.family_check(self.case, self.mother)
                self.assertFalse(allowed)
                label = dict(restriction._fields["reason"].selection)[reason]
                self.assertIn(label, refused[self.mother])
                restriction.unlink()

    def test_restriction_dates_checked(self):
        with self.assertRaises(ValidationError):
            self.restrict(
                self.father,
                date_from=fields.Date.today(),
                date_to=fields.Date.today() - timedelta(days=2),
            )

    def test_restriction_stops_queued_mail(self):
        mails = self.case._case_send_mail(
            self.father, ["basic"], "Pozvánka", "<p>x</p>", family_version=True
        )
        self.assertEqual(mails.case_disclosure_ids.basis, "data_subject")
        self.restrict(self.father, "court")
        mails.send()
        self.assertEqual(mails.state, "cancel")
        self.assertIn("must not receive", mails.failure_reason)
        self.assertEqual(mails.case_disclosure_ids.state, "cancelled")

    def test_family_mail_sends(self):
        mails = self.case._case_send_mail(
            self.mother | self.father,
            ["basic"],
            "Pozvánka",
            "<p>x</p>",
            family_version=True,
        )
        self.assertEqual(len(mails), 2)
        for mail in mails:
            self.assertEqual(len(mail.recipient_ids), 1)
            self.assertTrue(mail.case_family_version)
        mails.send()
        self.assertEqual(set(mails.mapped("state")), {"sent"})
        self.assertEqual(set(mails.case_disclosure_ids.mapped("state")), {"done"})

    def test_health_of_one_member_to_another(self):
        """The mother's psychiatric care does not go to the father, unless
        the mother's own consent covers him; the child's health goes to the
        parents who represent the child."""
        codes = ["basic", "health"]
        allowed, refused = self.family_check(
            self.case, self.father, codes, concerned_partners=self.mother
        )
        self.assertFalse(allowed)
        self.assertIn(self.mother.name, refused[self.father])
        # the mother herself may receive her own health data
        allowed, _refused = self.family_check(
            self.case, self.mother, codes, concerned_partners=self.mother
        )
        self.assertEqual(allowed, self.mother)
        # the child's health data (the default: the persons in focus) goes to
        # both parents
        for parent in (self.mother, self.father):
            allowed, _refused = self.family_check(self.case, parent, codes)
            self.assertEqual(allowed, parent)
        # the grandmother who signed a consent does not represent the child
        self.make_consent(
            self.case, self.school_teacher, ["basic"], signer_id=self.grandmother.id
        )
        allowed, refused = self.family_check(self.case, self.grandmother, codes)
        self.assertFalse(allowed)
        # the mother's own consent for her health data lists the father
        self.make_consent(self.case, self.father, codes, signer_id=self.mother.id)
        allowed, _refused = self.family_check(
            self.case, self.father, codes, concerned_partners=self.mother
        )
        self.assertEqual(allowed, self.father)

    # ------------------------------------------------------------------
    # the subject-access export agrees
    # ------------------------------------------------------------------

    def test_subject_access_agrees(self):
        Case = self.env["case.case"]
        self.assertIn(self.case, Case._case_data_subject_cases(self.father))
        self.assertIn(self.case, Case._case_data_subject_cases(self.mother))
        self.assertIn(self.case_senior, Case._case_data_subject_cases(self.guardian))
        self.assertNotIn(self.case, Case._case_data_subject_cases(self.mother_in))
        wizard = (
            self.env["case.subject.access"]
            .with_user(self.user_coordinator)
            .create({"partner_id": self.father.id})
        )
        self.assertIn(self.case, wizard._subject_records()["cases"])

    # ------------------------------------------------------------------
    # meetings
    # ------------------------------------------------------------------

    def _conference(self, fmt="child_conference"):
        meeting = self._meeting(
            case_id=self.case.id,
            meeting_format=fmt,
            partners=self.school_teacher | self.ospod,
        )
        meeting.with_user(self.user_manager).action_add_circle()
        return meeting

    def test_conference_invites_both_parents_and_child(self):
        meeting = self._conference()
        invited = meeting.attendee_ids.partner_id
        for partner in (self.mother, self.father, self.child):
            self.assertIn(partner, invited)
        family = meeting.attendee_ids.filtered(lambda a: a.kind == "family")
        self.assertEqual(family.partner_id, self.mother | self.father | self.child)
        self.assertNotIn(self.grandmother, meeting.attendee_ids.partner_id)
        self.assertFalse(
            any(
                "No family member" in w
                for w in (meeting.warning_ids_text or "").split("\n")
            )
        )
        meeting.with_user(self.user_manager).action_send_invitations()
        lines = {a.partner_id: a for a in meeting.attendee_ids}
        for parent in (self.mother, self.father):
            self.assertEqual(lines[parent].invitation_state, "sent")
            mails = self._meeting_mails(meeting, parent)
            self.assertTrue(mails)
            for mail in mails:
                self.assertEqual(mail.recipient_ids, parent)
                _cal, event = self._ics(mail)
                attendees = (
                    [str(a) for a in event.get("ATTENDEE")]
                    if isinstance(event.get("ATTENDEE"), list)
                    else [str(event.get("ATTENDEE"))]
                )
                self.assertEqual(attendees, [f"mailto:{parent.email}"])
            other = self.father if parent == self.mother else self.mother
            self.assertFalse(any(other.email in (m.body_html or "") for m in mails))
        # the child without e-mail: invited through a parent, named in it
        child_line = lines[self.child]
        self.assertEqual(child_line.invitation_state, "sent")
        self.assertIn(
            child_line.invitation_mail_id.recipient_ids, self.mother | self.father
        )
        self.assertIn(self.child.name, child_line.invitation_mail_id.body_html)
        # the professionals per their consent
        self.assertEqual(lines[self.school_teacher].invitation_state, "sent")
        self.assertEqual(lines[self.ospod].invitation_state, "refused")
        bases = {
            d.partner_id: d.basis
            for d in self.env["case.disclosure"].search(
                [("case_id", "=", self.case.id), ("res_model", "=", "case.meeting")]
            )
        }
        self.assertEqual(bases[self.mother], "data_subject")
        self.assertEqual(bases[self.father], "data_subject")
        self.assertEqual(bases[self.school_teacher], "consent")

    def test_child_invited_in_person(self):
        meeting = self._conference()
        line = meeting.attendee_ids.filtered(lambda a: a.partner_id == self.child)
        line.invited_in_person = True
        meeting.with_user(self.user_manager).action_send_invitations()
        self.assertEqual(line.invitation_state, "in_person")
        self.assertFalse(self._meeting_mails(meeting, self.child))

    def test_restricted_parent_not_invited_and_warned(self):
        self.restrict(self.father, "court", note="Rozhodnutí soudu")
        meeting = self._conference("case_conference")
        self.assertNotIn(self.father, meeting.attendee_ids.partner_id)
        self.assertIn(self.mother, meeting.attendee_ids.partner_id)
        # with nobody of the family invited, the warning cites the restriction
        meeting.attendee_ids.filtered(lambda a: a.kind == "family").unlink()
        self.assertIn("Court restriction", meeting.warning_ids_text)
        self.assertIn(self.father.name, meeting.warning_ids_text)
        # invited anyway: warned, and the gate refuses him with the reason
        meeting.write(
            {"attendee_ids": [Command.create({"partner_id": self.father.id})]}
        )
        self.assertIn("Invited although recorded", meeting.warning_ids_text)
        meeting.with_user(self.user_manager).action_send_invitations()
        line = meeting.attendee_ids.filtered(lambda a: a.partner_id == self.father)
        self.assertEqual(line.invitation_state, "refused")
        self.assertIn("Court restriction", line.invitation_note)

    def test_reminder_update_cancel_reach_parents(self):
        meeting = self._conference("case_conference")
        meeting.with_user(self.user_manager).action_send_invitations()
        meeting.with_user(self.user_manager).write(
            {"start": meeting.start + timedelta(hours=1)}
        )
        meeting._send_reminders()
        meeting.with_user(self.user_manager).action_cancel()
        for parent in (self.mother, self.father):
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search(
                    [
                        ("case_id", "=", self.case.id),
                        ("recipient_ids", "in", parent.ids),
                    ]
                )
            )
            subjects = " ".join(mails.mapped("subject"))
            for word in ("Invitation", "Changed", "Reminder", "Cancelled"):
                self.assertIn(word, subjects)
            self.assertEqual(
                set(mails.case_disclosure_ids.mapped("basis")), {"data_subject"}
            )

    def _itip_by_address(self, meeting):
        """{address: [(METHOD, UID, SEQUENCE, attendees)]} of every iTIP mail
        queued for the meeting, parsed by the icalendar library."""
        result = {}
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", meeting.case_id.id),
                    ("attachment_ids.name", "=like", "%.ics"),
                ],
                order="id",
            )
        )
        for mail in mails:
            cal, event = self._ics(mail)
            attendees = event.get("ATTENDEE")
            if not isinstance(attendees, list):
                attendees = [attendees]
            for partner in mail.recipient_ids:
                result.setdefault(partner.email, []).append(
                    (
                        str(cal.get("METHOD")),
                        str(event.get("UID")),
                        int(event.get("SEQUENCE")),
                        sorted(str(a) for a in attendees),
                    )
                )
        return result

    def assertOneItipPerAddress(self, meeting, method, sequence):
        """Each address got at most one message of this method and sequence
        per UID: a mail client merges or rejects same-UID duplicates."""
        for address, items in self._itip_by_address(meeting).items():
            keys = [
                (uid, seq)
                for m, uid, seq, _att in items
                if (m, seq) == (method, sequence)
            ]
            self.assertEqual(len(keys), len(set(keys)), f"{address}: {items}")

    def test_parent_gets_one_invitation_for_herself_and_child(self):
        """The mother through whom the child is invited gets one invitation
        (one UID) naming the child, not two with the same UID."""
        meeting = self._conference()
        lines = {a.partner_id: a for a in meeting.attendee_ids}
        lines[self.child].invite_via_partner_id = self.mother
        meeting.with_user(self.user_manager).action_send_invitations()
        self.assertOneItipPerAddress(meeting, "REQUEST", 0)
        items = self._itip_by_address(meeting)[self.mother.email]
        self.assertEqual(len(items), 1, items)
        _method, uid, _seq, attendees = items[0]
        self.assertEqual(uid, meeting.ical_uid)
        # the calendar file speaks for the address it goes to, once
        self.assertEqual(attendees, [f"mailto:{self.mother.email}"])
        mail = lines[self.mother].invitation_mail_id
        self.assertEqual(lines[self.child].invitation_mail_id, mail)
        self.assertEqual(lines[self.child].invitation_state, "sent")
        self.assertIn(self.child.name, mail.body_html)
        # the child's own answer links are in it, next to the mother's
        self.assertIn(lines[self.child].rsvp_accept_url, mail.body_html)
        self.assertIn(lines[self.mother].rsvp_accept_url, mail.body_html)
        # one share, logged once
        rows = self.env["case.disclosure"].search(
            [
                ("case_id", "=", self.case.id),
                ("res_model", "=", "case.meeting"),
                ("partner_id", "=", self.mother.id),
            ]
        )
        self.assertEqual(len(rows), 1)
        # the father got his own invitation, without the child
        father_items = self._itip_by_address(meeting)[self.father.email]
        self.assertEqual(len(father_items), 1)
        self.assertNotIn(
            self.child.name, lines[self.father].invitation_mail_id.body_html
        )
        # a change of time, the reminder and the cancellation: one each
        meeting.with_user(self.user_manager).write(
            {"start": meeting.start + timedelta(hours=1)}
        )
        self.assertOneItipPerAddress(meeting, "REQUEST", 1)
        meeting._send_reminders()
        reminders = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.case.id),
                    ("recipient_ids", "in", self.mother.ids),
                    ("subject", "like", "Reminder"),
                ]
            )
        )
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.child.name, reminders.body_html)
        meeting.with_user(self.user_manager).action_cancel()
        self.assertOneItipPerAddress(meeting, "CANCEL", 2)
        cancels = [
            i
            for i in self._itip_by_address(meeting)[self.mother.email]
            if i[0] == "CANCEL"
        ]
        self.assertEqual(len(cancels), 1)

    def test_child_removed_does_not_cancel_parent(self):
        """Taking the child off the meeting must not cancel the mother's own
        invitation (same UID): she gets the invitation again, without the
        child."""
        meeting = self._conference()
        lines = {a.partner_id: a for a in meeting.attendee_ids}
        lines[self.child].invite_via_partner_id = self.mother
        meeting.with_user(self.user_manager).action_send_invitations()
        lines[self.child].unlink()
        items = self._itip_by_address(meeting)[self.mother.email]
        self.assertNotIn("CANCEL", [i[0] for i in items], items)
        self.assertEqual([i[0] for i in items], ["REQUEST", "REQUEST"])
        last = lines[self.mother].invitation_mail_id
        self.assertNotIn(self.child.name, last.body_html)
        self.assertEqual(lines[self.mother].invitation_state, "sent")

    def test_child_invited_after_parent_one_invitation(self):
        """The child added after the mother was invited: the mother gets
        the invitation again (same UID), now naming the child too."""
        meeting = self._conference()
        child_line = meeting.attendee_ids.filtered(lambda a: a.partner_id == self.child)
        child_line.unlink()
        meeting.with_user(self.user_manager).action_send_invitations()
        meeting.write(
            {
                "attendee_ids": [
                    Command.create(
                        {
                            "partner_id": self.child.id,
                            "invite_via_partner_id": self.mother.id,
                        }
                    )
                ]
            }
        )
        meeting.with_user(self.user_manager).action_send_invitations()
        lines = {a.partner_id: a for a in meeting.attendee_ids}
        mail = lines[self.child].invitation_mail_id
        self.assertEqual(mail, lines[self.mother].invitation_mail_id)
        self.assertIn(self.child.name, mail.body_html)
        self.assertIn(lines[self.mother].rsvp_accept_url, mail.body_html)
        _cal, event = self._ics(mail)
        self.assertEqual(str(event.get("ATTENDEE")), f"mailto:{self.mother.email}")

    def test_reply_of_parent_answers_for_child_invited_through_her(self):
        """A child invited only through the mother: her calendar's answer
        (METHOD:REPLY from her address) is the child's answer."""
        meeting = self._conference()
        lines = {a.partner_id: a for a in meeting.attendee_ids}
        lines[self.child].invite_via_partner_id = self.mother
        lines[self.mother].unlink()
        meeting.with_user(self.user_manager).action_send_invitations()
        mail = lines[self.child].invitation_mail_id
        _cal, event = self._ics(mail)
        self.assertEqual(str(event.get("ATTENDEE")), f"mailto:{self.mother.email}")
        reply = icalendar.Calendar()
        reply.add("prodid", "-//Test//Mail client//EN")
        reply.add("version", "2.0")
        reply.add("method", "REPLY")
        answer = icalendar.Event()
        answer.add("uid", str(event.get("UID")))
        answer.add("sequence", int(event.get("SEQUENCE")))
        answer.add("dtstamp", fields.Datetime.now())
        attendee = icalendar.vCalAddress(f"mailto:{self.mother.email}")
        attendee.params["PARTSTAT"] = "ACCEPTED"
        answer.add("attendee", attendee)
        reply.add_component(answer)
        self.env["case.meeting"]._case_process_itip_reply(
            reply.to_ical(), self.mother.email
        )
        self.assertEqual(lines[self.child].rsvp, "accepted")

    def test_minutes_family_copy_to_each_parent(self):
        self.make_consent(
            self.case, self.school_teacher, ["minutes"], signer_id=self.mother.id
        )
        meeting = self._conference("case_conference")
        meeting.sudo().state = "held"
        meeting.attendee_ids.write({"attendance": "present"})
        meeting.action_start_minutes()
        meeting.minutes_item_ids[:1].summary = "Amálka chodí do školy"
        meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.ospod
        ).written_input = "Professionals only note"
        meeting.with_user(self.user_manager).action_approve_minutes()
        meeting.with_user(self.user_manager).action_distribute_minutes()
        deliveries = {d.partner_id: d for d in meeting.delivery_ids.sudo()}
        for parent in (self.mother, self.father):
            delivery = deliveries[parent]
            self.assertTrue(delivery.family_copy)
            self.assertTrue(delivery.mail_id)
            self.assertEqual(delivery.mail_id.recipient_ids, parent)
            pdf = delivery.mail_id.attachment_ids
            self.assertTrue(pdf.name.startswith("Our meeting"), pdf.name)
            self.assertEqual(delivery.mail_id.case_disclosure_ids.basis, "data_subject")
        self.assertFalse(deliveries[self.school_teacher].family_copy)
        self.assertEqual(
            deliveries[self.school_teacher].mail_id.case_disclosure_ids.basis,
            "consent",
        )
        self.assertNotIn(self.child, deliveries)
        # the family got its copies directly: no hand-over to-do
        self.assertFalse(
            meeting.activity_ids.filtered(
                lambda a: a.summary == "Hand the minutes to the parents"
            )
        )

    def test_plan_family_version_to_parents(self):
        plan = self.env["case.plan"].create(
            {
                "case_id": self.case.id,
                "date_start": fields.Date.today(),
                "date_end": fields.Date.today() + timedelta(days=90),
            }
        )
        mails, refused = plan._share_with(self.mother | self.father | self.ospod)
        self.assertEqual(mails.recipient_ids, self.mother | self.father)
        self.assertIn(self.ospod, refused)
        rows = mails.case_disclosure_ids
        self.assertEqual(set(rows.mapped("basis")), {"data_subject"})

    def test_plan_share_wizard_offers_the_parents(self):
        plan = self.env["case.plan"].create(
            {
                "case_id": self.case.id,
                "date_start": fields.Date.today(),
                "date_end": fields.Date.today() + timedelta(days=90),
            }
        )
        wizard = (
            self.env["case.plan.share"].with_context(default_plan_id=plan.id).create({})
        )
        self.assertIn(self.mother, wizard.partner_ids)
        self.assertIn(self.father, wizard.partner_ids)
        self.assertFalse(wizard.coverage)

    def test_support_person_like_any_participant(self):
        """The child's support person: a professional needs the consent, a
        family member who represents nobody too; a parent needs none."""
        meeting = self._meeting(
            case_id=self.case.id,
            meeting_format="child_conference",
            partners=self.child,
        )
        Attendee = self.env["case.meeting.attendee"]
        for partner, expected in (
            (self.ospod, "refused"),
            (self.grandmother, "refused"),
            (self.father, "sent"),
        ):
            line = Attendee.create(
                {"meeting_id": meeting.id, "partner_id": partner.id, "kind": "support"}
            )
            meeting.with_user(self.user_manager).action_send_invitations()
            with self.subTest(partner=partner.name):
                self.assertEqual(line.invitation_state, expected)
