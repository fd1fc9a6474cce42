# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import models

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def _one_line(value):
    """A header value on one line: CR/LF (and other line separators) become a
    space, so that no value can start a header of its own."""
    if isinstance(value, str):
        return LINE_BREAKS.sub(" ", value)
    if isinstance(value, list | tuple):
        return type(value)(_one_line(item) for item in value)
    return value


# pylint: disable=consider-merging-classes-inherited
class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    def build_email(
        self,
        email_from,
        email_to,
        subject,
        body,
        email_cc=None,
        email_bcc=None,
        reply_to=False,
        attachments=None,
        message_id=None,
        references=None,
        object_id=False,
        subtype="plain",
        headers=None,
        body_alternative=None,
        subtype_alternative="plain",
    ):
        # Core's address formatting keeps CR/LF of a partner's name: every
        # header value leaves on one line (issue 11, item 9).
        if headers:
            headers = {key: _one_line(value) for key, value in headers.items()}
        return super().build_email(
            _one_line(email_from),
            _one_line(email_to),
            _one_line(subject),
            body,
            email_cc=_one_line(email_cc),
            email_bcc=_one_line(email_bcc),
            reply_to=_one_line(reply_to),
            attachments=attachments,
            message_id=_one_line(message_id),
            references=_one_line(references),
            object_id=object_id,
            subtype=subtype,
            headers=headers,
            body_alternative=body_alternative,
            subtype_alternative=subtype_alternative,
        )
