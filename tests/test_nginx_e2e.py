"""Beyond one machine: nginx in front of two Odoo servers in multi-worker mode
(tools/multiserver.py with the committed deploy/odoo.conf and
deploy/nginx.conf), on the e2e database and filestore, on loopback.

- the login page and a JSON-RPC login go through nginx;
- the requests of one logged-in session are spread over both servers, and
  every one of them is answered: the session made on one server is valid on
  the other (sessions in the shared data_dir);
- /websocket is upgraded by the gevent process of a server (101);
- neither server logs a WARNING or an ERROR.
"""

import base64
import configparser
import json
import os
import re
import socket
import sys
import urllib.request
from pathlib import Path

from .helpers import OdooClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import multiserver

LOG_PROBLEM = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) "
)


def _e2e_conf(name):
    conf = configparser.RawConfigParser()
    conf.read(os.environ["CASE_ODOO_CONF"])
    return conf.get("options", name)


def _call(client, model, method, *args):
    """A JSON-RPC call; returns (result, the upstream nginx chose)."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"model": model, "method": method, "args": list(args), "kwargs": {}},
    }
    req = urllib.request.Request(
        f"{client.base_url}/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with client.opener.open(req, timeout=60) as resp:
        body = json.loads(resp.read())
        upstream = resp.headers["X-Case-Upstream"]
    assert "error" not in body, body
    return body["result"], upstream


def _websocket_handshake(port):
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /websocket HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return head.decode(errors="replace")


def test_nginx_in_front_of_two_servers(db_name, tmp_path):
    stack = multiserver.Stack(
        db_name,
        tmp_path,
        cron_workers=0,
        smtp_port=int(_e2e_conf("smtp_port")),
        addons_path=_e2e_conf("addons_path"),
        python=os.environ.get("CASE_ODOO_PYTHON", sys.executable),
    )
    with stack:
        with urllib.request.urlopen(
            f"{stack.url}/web/login?db={db_name}", timeout=60
        ) as resp:
            assert resp.status == 200
            assert b'name="login"' in resp.read()

        client = OdooClient(stack.url, db_name)
        client.login("admin", "admin")
        upstreams = set()
        for _ in range(12):
            count, upstream = _call(client, "case.case", "search_count", [])
            assert count > 0
            upstreams.add(upstream)
        expected = {f"127.0.0.1:{port}" for port in stack.http}
        assert upstreams == expected, upstreams

        head = _websocket_handshake(stack.listen)
        assert head.startswith("HTTP/1.1 101"), head
        match = re.search(r"X-Case-Upstream: (\S+)", head)
        assert match, head
        assert match.group(1) in {f"127.0.0.1:{port}" for port in stack.gevent}
    problems = [
        line
        for log in stack.logs
        for line in log.read_text(errors="replace").splitlines()
        if LOG_PROBLEM.match(line)
    ]
    assert not problems, problems[:20]
