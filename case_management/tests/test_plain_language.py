# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the pure-Python plain-language check (no database)."""

from odoo.tests import BaseCase, tagged

from odoo.addons.case_management.models.plain_language import (
    find_unexplained,
    find_used,
    glossary_text,
    strip_html,
)

TERMS = {
    "OSPOD": "child protection authority",
    "SAS": "social activation service",
    "IPOD": "individual plan for child protection",
    "PK": "case conference",
    "PPP": "pedagogical-psychological counselling centre",
    "ZŠ": "primary school",
    "MŠ": "kindergarten",
    "PO": "support measures at school",
    "sanace rodiny": "family support",
    "předběžné opatření": "preliminary measure",
}


@tagged("post_install", "-at_install", "case_meeting")
class TestPlainLanguage(BaseCase):
    def test_plain_use_flagged_in_order_of_first_use(self):
        text = "SAS přijde v pondělí. OSPOD svolá PK, SAS se zúčastní."
        self.assertEqual(find_unexplained(text, TERMS), ["SAS", "OSPOD", "PK"])

    def test_explained_in_parentheses_after(self):
        text = (
            "OSPOD (orgán sociálně-právní ochrany dětí) pozve na PK "
            "(případová konference) i SAS."
        )
        self.assertEqual(find_unexplained(text, TERMS), ["SAS"])
        self.assertEqual(find_used(text, TERMS), ["OSPOD", "PK", "SAS"])

    def test_explained_in_parentheses_before(self):
        text = "Pracovnice orgánu sociálně-právní ochrany dětí (OSPOD) zavolá."
        self.assertEqual(find_unexplained(text, TERMS), [])
        text = "Maminka chodí do sociálně aktivizační služby (SAS)."
        self.assertEqual(find_unexplained(text, TERMS), [])

    def test_explained_by_initials(self):
        self.assertEqual(find_unexplained("ZŠ (Základní Škola)", TERMS), [])
        self.assertEqual(find_unexplained("Základní Škola (ZŠ)", TERMS), [])

    def test_name_does_not_explain(self):
        """A person's name before the abbreviation is not an explanation, nor
        a name after it."""
        self.assertEqual(
            find_unexplained("Mgr. Petra Nováková (OSPOD)", TERMS), ["OSPOD"]
        )
        self.assertEqual(find_unexplained("OSPOD (Mgr. Nováková)", TERMS), ["OSPOD"])
        self.assertEqual(find_unexplained("úřad (OSPOD)", TERMS), ["OSPOD"])

    def test_explanation_once_serves_the_document(self):
        text = "SAS (sociálně aktivizační služba) přijde. Pak SAS zavolá."
        self.assertEqual(find_unexplained(text, TERMS), [])

    def test_parenthesis_far_away_does_not_explain(self):
        text = "OSPOD zavolá mamince (asi ve středu)."
        self.assertEqual(find_unexplained(text, TERMS), ["OSPOD"])

    def test_inflected_forms(self):
        for text in (
            "Na OSPODu",
            "z OSPOD-u",
            "s OSPODem",
            "od SASky",
            "v PPPčku",
            "s IPODovými",
        ):
            with self.subTest(text=text):
                self.assertEqual(len(find_unexplained(text, TERMS)), 1, text)
        self.assertEqual(
            find_unexplained("Byli jsme na OSPODu, volal OSPOD-u.", TERMS),
            ["OSPOD"],
        )

    def test_jargon_declension_and_case(self):
        text = "Doporučujeme sanaci rodiny. Soud vydal Předběžného opatření."
        self.assertEqual(
            find_unexplained(text, TERMS), ["sanace rodiny", "předběžné opatření"]
        )
        text = "intenzivní podpora celé rodiny (sanace rodiny)"
        self.assertEqual(find_unexplained(text, TERMS), [])

    def test_word_boundaries(self):
        for text in (
            "SASANKA",
            "sas",
            "Sas",
            "MŠMT",
            "Po škole",
            "ospod",
            "OSPODOVÝ",
            "XSAS",
            "SAS2",
            "POkračování",  # too long to be an abbreviation's ending
        ):
            with self.subTest(text=text):
                self.assertEqual(find_unexplained(text, TERMS), [], text)
        # OSPOD contains "PO" but is not "PO"
        self.assertEqual(find_unexplained("OSPOD", TERMS), ["OSPOD"])
        self.assertEqual(find_unexplained("OSPOD-SAS", TERMS), ["OSPOD", "SAS"])

    def test_html_stripped(self):
        text = "<p>Plán <b>IPOD</b>&nbsp;platí, <i>PK</i> bude v <span>ZŠ</span>.</p>"
        self.assertEqual(find_unexplained(text, TERMS), ["IPOD", "PK", "ZŠ"])
        self.assertEqual(strip_html("<p>a &amp; b</p>").strip(), "a & b")
        # attribute values and tag names are not text
        self.assertEqual(find_unexplained('<p class="SAS">text</p>', TERMS), [])
        self.assertEqual(find_unexplained("a < b, SAS > c", TERMS), ["SAS"])

    def test_empty_text(self):
        for text in ("", None, "   ", "<p><br></p>"):
            with self.subTest(text=text):
                self.assertEqual(find_unexplained(text, TERMS), [])
        self.assertEqual(find_unexplained("OSPOD", {}), [])

    def test_any_iterable_of_terms(self):
        self.assertEqual(find_unexplained("SAS a PK", ["PK", "SAS"]), ["SAS", "PK"])

    def test_glossary_text(self):
        self.assertEqual(
            glossary_text(["SAS", "OSPOD", "UNKNOWN"], TERMS),
            "SAS – social activation service\nOSPOD – child protection authority",
        )
        self.assertEqual(glossary_text([], TERMS), "")
