# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import psycopg2

from odoo.tests import tagged

from ..cron_retry import subscribe_followers
from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestConsentExpiryBatches(CaseConsentCommon):
    """The expiry job works in batches and reports what remains, so the cron
    runner commits per batch and runs it again (ir.cron progress)."""

    def test_expiry_in_batches_with_progress(self):
        consents = self.env["case.consent"]
        for partner in (self.ospod, self.teacher):
            consents |= self.make_consent(
                self.case_in,
                partner,
                ["basic"],
                valid_from=self.today - timedelta(days=60),
                valid_to=self.today - timedelta(days=1),
            )
        cron = self.env.ref("case_management.ir_cron_case_consent_expire")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Consent = self.env["case.consent"].with_context(ir_cron_progress_id=progress.id)
        Consent._cron_expire_consents(batch_size=1)
        self.assertEqual(consents.mapped("state").count("expired"), 1)
        self.assertGreaterEqual(progress.done, 1)
        self.assertTrue(progress.remaining, "one consent left to expire")
        Consent._cron_expire_consents(batch_size=1)
        self.assertEqual(set(consents.mapped("state")), {"expired"})
        self.assertEqual(progress.remaining, 0)

    def _soon_consents(self, count):
        return self.env["case.consent"].concat(
            *[
                self.make_consent(
                    self.case_in,
                    self.ospod,
                    ["basic"],
                    valid_to=self.today + timedelta(days=10 + index),
                )
                for index in range(count)
            ]
        )

    def _cron_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.env["case.consent"]._cron_expire_consents()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_expiry_queries_do_not_grow_with_the_batch(self):
        """Issue 15: a bounded number of queries per batch (one activity
        create, SQL selection), not about twenty per consent."""
        self._cron_queries()  # warm-up: whatever the fixtures left to warn
        small = self._soon_consents(2)
        few = self._cron_queries()
        large = self._soon_consents(8)
        many = self._cron_queries()
        self.assertEqual(len(small.activity_ids), 2)
        self.assertEqual(len(large.activity_ids), 8)
        self.assertEqual(large.activity_ids.user_id, self.case_in.manager_id)
        self.assertTrue(all(large.mapped("expiry_notified")))
        self.assertLessEqual(many, few + 2, f"{few} queries for 2, {many} for 8")


@tagged("post_install", "-at_install", "case_consent")
class TestJobFollowers(CaseConsentCommon):
    """A job subscribes the assignees of its activities in SQL first: existing
    followers are kept as they are, new ones get the default subtypes, and a
    second run changes nothing (the load test's unique-key failure)."""

    def test_subscribe_followers_once_with_default_subtypes(self):
        case = self.case_in
        partner = self.user_manager.partner_id
        case.message_unsubscribe(partner_ids=partner.ids)
        self.env.flush_all()
        existing = case.message_follower_ids
        subscribe_followers(self.env, "case.case", [(case.id, partner.id)] * 2)
        subscribe_followers(self.env, "case.case", [(case.id, partner.id)])
        followers = self.env["mail.followers"].search(
            [("res_model", "=", "case.case"), ("res_id", "=", case.id)]
        )
        mine = followers.filtered(lambda f: f.partner_id == partner)
        self.assertEqual(len(mine), 1)
        self.assertEqual(followers - mine, existing - mine)
        default = self.env["mail.message.subtype"].default_subtypes("case.case")[0]
        self.assertEqual(mine.subtype_ids, default)
        self.assertIn(partner, case.message_partner_ids)
        # Odoo's own subscription afterwards finds it and adds nothing
        case.message_subscribe(partner_ids=partner.ids)
        self.assertEqual(len(case.message_follower_ids & mine), 1)

    def test_user_subscription_meets_a_concurrent_job(self):
        """A user's request subscribes a person whom a job made a follower
        in another transaction after the request began: the request ends in
        a serialization failure, which Odoo answers by running the request
        again, never in the unique-key error Odoo's own insert meets."""
        case = self.case_in
        # a committed internal user (the other transaction cannot see ours)
        partner = self.env.ref("base.user_admin").partner_id
        self.assertNotIn(partner, case.message_partner_ids)
        self.env.flush_all()
        self.env.cr.execute("SELECT 1")  # the request's snapshot
        with self.registry.cursor() as other:
            other.execute("SET LOCAL lock_timeout = '5s'")
            other.execute(
                "INSERT INTO mail_followers (res_model, res_id, partner_id) "
                "VALUES ('case.case', %s, %s) RETURNING id",
                (case.id, partner.id),
            )
            follower_id = other.fetchone()[0]
            other.commit()
        try:
            with (
                self.assertRaises(psycopg2.errors.SerializationFailure),
                self.env.cr.savepoint(),
            ):
                case.message_subscribe(partner_ids=partner.ids)
        finally:
            with self.registry.cursor() as other:
                other.execute(
                    "DELETE FROM mail_followers WHERE id = %s", (follower_id,)
                )
                other.commit()
