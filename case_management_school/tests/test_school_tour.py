# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.case_management.tests.common_czech import CzechMixin

from .common import STAFF


def watch_list(env, login, names, lang=None):
    """A school with a principal (``login``), its case manager and two pupils
    of ``names``: the first over the unexcused-hours limit (on the watch
    list), the second fine. Return (principal, manager, watched, fine)."""
    person = {"lang": lang} if lang else {}
    principal = new_test_user(env, login=login, name=names[0], groups=STAFF, **person)
    manager = new_test_user(
        env,
        login=f"{login}_cm",
        name=names[1],
        groups="base.group_user,case_management.case_management_group_manager",
        **person,
    )
    school = env["res.partner"].create(
        {
            "name": names[2],
            "is_company": True,
            "is_school": True,
            "school_case_manager_id": manager.id,
            **person,
        }
    )
    env["case.school.staff"].create(
        {
            "school_id": school.id,
            "partner_id": principal.partner_id.id,
            "user_id": principal.id,
            "role": "principal",
        }
    )
    year = env["case.school.year"].create(
        {
            "name": names[2],
            "date_from": date(2020, 9, 1),
            "date_to": date(2040, 6, 30),
        }
    )
    school_class = env["case.school.class"].create(
        {"name": "5. A", "school_id": school.id, "year_id": year.id, "grade": 5}
    )
    watched, fine = env["case.school.pupil"].create(
        [
            {
                "partner_id": env["res.partner"].create({"name": name}).id,
                "pupil_code": code,
                "class_id": school_class.id,
            }
            for name, code in ((names[3], "T1"), (names[4], "T2"))
        ]
    )
    today = date.today()
    env["case.school.attendance"].create(
        {"pupil_id": watched.id, "date": today, "lessons": 6, "unexcused_hours": 6}
    )
    school.school_unexcused_limit = 5
    # as the scheduler does it: in English, whatever the school speaks
    (watched | fine).with_context(lang="en_US")._school_compute_watch(today)
    return principal, manager, watched, fine


@tagged("post_install", "-at_install")
class TestSchoolTour(HttpCase):
    def assertNominated(self, watched, principal, manager):
        referral = self.env["case.school.referral"].search(
            [("pupil_id", "=", watched.id)]
        )
        self.assertEqual(referral.state, "proposed")
        self.assertEqual(referral.nominated_by_id, principal)
        self.assertEqual(referral.reasons, "Často chybí, nemá svačinu.")
        self.assertEqual(
            referral.signal_type_ids,
            self.env.ref("case_management_school.signal_type_food"),
        )
        case = referral.case_id
        self.assertEqual(case.referral_source, "school")
        self.assertEqual(case.focus_partner_ids, watched.partner_id)
        self.assertEqual(case.manager_id, manager)

    def test_principal_nominates_from_watch_list(self):
        principal, manager, watched, fine = watch_list(
            self.env,
            "tour_principal",
            (
                "Tour Principal",
                "Tour Case Manager",
                "ZŠ Tour",
                "Tour Pupil Watched",
                "Tour Pupil Fine",
            ),
        )
        self.assertTrue(watched.is_watched)
        self.assertFalse(fine.is_watched)
        self.start_tour("/odoo", "case_school_nominate_tour", login="tour_principal")
        self.assertNominated(watched, principal, manager)


# Czech texts of these screens still missing from cs.po (their Czech is in
# the i18n file of this change): the lead empties this list when applying it.
# The test fails on any other untranslated text, and on a text listed here
# that has become Czech (so that the list stays true).
KNOWN_UNTRANSLATED = []


@tagged("post_install", "-at_install", "case_czech")
class TestSchoolTourCzech(CzechMixin, TestSchoolTour):
    """The watch list and the nomination walked through in Czech."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_czech()

    def test_principal_nominates_from_watch_list(self):
        principal, manager, watched, _fine = watch_list(
            self.env,
            "tour_principal_cs",
            (
                "Ředitelka Tourová",
                "Vedoucí Případová",
                "ZŠ Tourová",
                "Žák Sledovaný",
                "Žák V Pořádku",
            ),
            lang="cs_CZ",
        )
        self.assertTrue(watched.is_watched)
        self.start_tour(
            "/odoo", "case_school_nominate_cs_tour", login="tour_principal_cs"
        )
        self.assertNominated(watched, principal, manager)

    def test_nomination_screens_czech(self):
        """Every text of the watch list and the nomination dialog is Czech."""
        missing = self.untranslated(
            "case_management_school.case_school_pupil_view_list_watch",
            "case_management_school.case_school_nominate_view_form",
        )
        self.assertEqual(
            sorted(set(missing) - set(KNOWN_UNTRANSLATED)),
            [],
            "untranslated in Czech",
        )
        self.assertEqual(
            sorted(set(KNOWN_UNTRANSLATED) - set(missing)),
            [],
            "translated now: remove from KNOWN_UNTRANSLATED",
        )
