# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Czech walk-throughs: load the Czech translations and find what a Czech
user would still see in English on a screen."""

import re

from lxml import etree

# Texts that are the same in Czech (names, abbreviations, codes)
SAME_IN_CZECH = frozenset(
    {"OSPOD", "ORP", "IPOD", "RED IZO", "E-mail", "ID", "PDF", "XLSX", "Logo"}
    | {"Online", "Role", "Export"}
)
# arch attributes shown to the user
SHOWN_ATTRS = ("string", "placeholder", "help", "confirm", "sum")
WORD = re.compile(r"[^\W\d_]{2,}")


class CzechMixin:
    @classmethod
    def load_czech(cls):
        """Activate Czech and load its translations for every installed
        module (ours and Odoo's, e.g. the web client's buttons)."""
        cls.env["res.lang"]._activate_lang("cs_CZ")
        cls.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations(["cs_CZ"])

    def _screen_texts(self, xmlid, lang):
        """The texts a user sees on a view, in order: the arch's texts and
        shown attributes, then the labels, help and selection values of the
        fields it shows (of every model it shows)."""
        view = self.env.ref(xmlid)
        env = self.env(context=dict(self.env.context, lang=lang))
        result = env[view.model].get_views([(view.id, view.type)])
        texts = []
        arch = etree.fromstring(result["views"][view.type]["arch"])
        for node in arch.iter():
            if not isinstance(node.tag, str):
                continue  # comments
            texts.extend(node.get(attr) for attr in SHOWN_ATTRS if node.get(attr))
            for text in (node.text, node.tail):
                if text and text.strip():
                    texts.append(" ".join(text.split()))
        for model in sorted(result["models"]):
            fields = result["models"][model]["fields"]
            for name in sorted(fields):
                description = fields[name]
                texts.append(description.get("string") or "")
                texts.append(description.get("help") or "")
                texts.extend(
                    label for _value, label in description.get("selection") or []
                )
        return texts

    def untranslated(self, *xmlids):
        """The English texts of these views that Czech shows unchanged."""
        missing = set()
        for xmlid in xmlids:
            english = self._screen_texts(xmlid, "en_US")
            czech = self._screen_texts(xmlid, "cs_CZ")
            self.assertEqual(len(english), len(czech), xmlid)
            missing.update(
                en
                for en, cs in zip(english, czech, strict=True)
                if en == cs and en not in SAME_IN_CZECH and WORD.search(en)
            )
        return sorted(missing)
