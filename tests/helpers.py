"""Small clients used by the end-to-end tests: JSON-RPC, the mail sink, Chromium."""

import base64
import email
import email.policy
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import websocket


class RPCError(Exception):
    def __init__(self, error):
        self.error = error
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class OdooClient:
    """JSON-RPC over HTTP with a session cookie, like the web client."""

    def __init__(self, base_url, db):
        self.base_url = base_url.rstrip("/")
        self.db = db
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.ids = itertools.count(1)
        self.uid = None

    def post(self, path, params):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self.ids),
            "params": params,
        }
        req = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(req, timeout=120) as resp:
            body = json.loads(resp.read())
        if body.get("error"):
            raise RPCError(body["error"])
        return body.get("result")

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=60) as resp:
            return resp.status, resp.read()

    def login(self, login, password):
        result = self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.uid = result["uid"]
        return result

    def call(self, model, method, *args, **kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


SIGNED_SCAN = base64.b64encode(b"%PDF-1.4 signed consent").decode()


def xmlid_res_id(admin, xmlid):
    """The record id behind an external id (``module.name``)."""
    module, name = xmlid.split(".")
    rows = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    return rows[0]["res_id"]


def create_user_client(admin, base_url, db_name, login, group):
    """A new internal user in ``group`` (password = login), logged in."""
    groups = [xmlid_res_id(admin, "base.group_user"), xmlid_res_id(admin, group)]
    uid = admin.call(
        "res.users",
        "create",
        {
            "name": f"Uživatel {login}",
            "login": login,
            "password": login,
            "groups_id": [[6, 0, groups]],
        },
    )
    client = OdooClient(base_url, db_name)
    client.login(login, login)
    assert client.uid == uid
    return client


def create_partner(admin, name, email=None, **vals):
    vals.update(name=name)
    if email:
        vals["email"] = email
    return admin.call("res.partner", "create", vals)


def create_family_case(admin, token):
    """A case for a new child whose new mother signs consents: (case_id, mother_id).

    The case has no stage, so the last test (uninstall) deletes nothing in use."""
    mother = create_partner(admin, f"Matka {token}")
    child = create_partner(admin, f"Dítě {token}")
    case_id = admin.call(
        "case.case",
        "create",
        {
            "focus_partner_ids": [[6, 0, [child]]],
            "referral_source": "self",
            "stage_id": False,
        },
    )
    return case_id, mother


def close_case(admin, case_id, crisis_id, date=None):
    """Close a case through the closure wizard, as a case manager does: a
    crisis contact recommended to the family first, the circle not told."""
    admin.call(
        "case.closure.recommendation",
        "create",
        {"case_id": case_id, "kind": "crisis", "partner_id": crisis_id},
    )
    vals = {"closure_reason": "goals_met", "notify_circle": False}
    if date:
        vals["date"] = date
    wizard = admin.call(
        "case.case.close", "create", vals, context={"default_case_id": case_id}
    )
    admin.call("case.case.close", "action_close", [wizard])


def create_closed_old_cases(admin, token, count):
    """``count`` cases of their own families started in January 2021 and
    closed at the end of June 2022, each with a confidential family request
    and a note: due for anonymisation once the retention period is 4 years."""
    crisis = create_partner(admin, f"Krizová linka {token}", phone="116 111")
    case_ids = []
    for index in range(count):
        case_id, _mother = create_family_case(admin, f"{token}-{index}")
        admin.call(
            "case.case",
            "write",
            [case_id],
            {"start_date": "2021-01-04", "family_request": f"Důvěrné {token}"},
        )
        admin.call("case.case", "message_post", [case_id], body=f"Poznámka {token}")
        close_case(admin, case_id, crisis, date="2022-06-30")
        case_ids.append(case_id)
    return case_ids


ATTENDANCE_FIELDS = [
    "pupil_code",
    "school_year",
    "date",
    "lesson_block",
    "lessons",
    "excused_hours",
    "unexcused_hours",
    "late_arrivals",
    "mode",
]
ATTENDANCE_OPTIONS = {
    "quoting": '"',
    "separator": ",",
    "has_headers": True,
    "date_format": "%Y-%m-%d",
    "float_decimal_separator": ".",
    "float_thousand_separator": ",",
}


def import_attendance(client, rows):
    """Import CSV ``rows`` of school attendance (``ATTENDANCE_FIELDS``)
    through Odoo's standard import, as the import dialog does."""
    content = "\n".join([",".join(ATTENDANCE_FIELDS), *rows])
    wizard = client.call(
        "base_import.import",
        "create",
        {
            "res_model": "case.school.attendance",
            # the dialog uploads the raw file; over JSON-RPC it is the text
            "file": content,
            "file_name": "dochazka.csv",
            "file_type": "text/csv",
        },
    )
    return client.call(
        "base_import.import",
        "execute_import",
        [wizard],
        ATTENDANCE_FIELDS,
        ATTENDANCE_FIELDS,
        ATTENDANCE_OPTIONS,
    )


def category_ids(admin, *codes):
    return admin.call("case.data.category", "search", [("code", "in", list(codes))])


def create_valid_consent(admin, case_id, signer_id, recipient_ids, category_ids):
    """A signed (scanned) consent covering ``recipient_ids`` for ``category_ids``."""
    consent_id = admin.call(
        "case.consent",
        "create",
        {
            "case_id": case_id,
            "signer_id": signer_id,
            "recipient_partner_ids": [[6, 0, list(recipient_ids)]],
            "category_ids": [[6, 0, list(category_ids)]],
            "scan": SIGNED_SCAN,
            "scan_filename": "consent.pdf",
        },
    )
    admin.call("case.consent", "action_validate", [consent_id])
    return consent_id


def create_meeting(admin, case_id, invitee_ids, **vals):
    """A case meeting (by default of the *case meeting* format) with these
    invitees."""
    values = {
        "case_id": case_id,
        "meeting_format": "case_meeting",
        "goal": "Domluvit se na docházce",
        "attendee_ids": [[0, 0, {"partner_id": p}] for p in invitee_ids],
    }
    values.update(vals)
    return admin.call("case.meeting", "create", values)


class MailSink:
    """Reads the .eml files the SMTP sink stored."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def names(self):
        return {p.name for p in self.directory.glob("*.eml")}

    def wait_for(self, predicate, since=frozenset(), timeout=30):
        """Return the new messages (not in ``since``) matching ``predicate``."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = []
            for path in sorted(self.directory.glob("*.eml")):
                if path.name in since:
                    continue
                msg = email.message_from_bytes(
                    path.read_bytes(), policy=email.policy.default
                )
                if predicate(msg):
                    found.append(msg)
            if found:
                return found
            time.sleep(0.3)
        return []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chromium:
    """Headless Debian Chromium driven over the DevTools protocol."""

    def __init__(self):
        self.binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not self.binary:
            raise RuntimeError("Chromium is not installed (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="case-e2e-chromium-")
        self.port = free_port()
        args = [
            self.binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1366,900",
            f"--user-data-dir={self.profile}",
            f"--remote-debugging-port={self.port}",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.ws = self._connect()
        self.ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Runtime.enable")

    def _connect(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json/list", timeout=2
                ) as resp:
                    targets = json.loads(resp.read())
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return websocket.create_connection(
                        pages[0]["webSocketDebuggerUrl"], timeout=60
                    )
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("Chromium's DevTools endpoint did not come up")

    def send(self, method, **params):
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        res = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return res.get("result", {}).get("value")

    def goto(self, url):
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def wait_for(self, expression, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!({expression})"):
                return True
            time.sleep(0.2)
        raise TimeoutError(f"waited {timeout}s for {expression}")

    def screenshot(self, path):
        import base64

        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


def screenshot_dir():
    path = (
        Path(os.environ.get("CASE_MAIL_DIR", tempfile.gettempdir())).parent
        / "screenshots"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
