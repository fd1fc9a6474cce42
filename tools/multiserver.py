"""Two Odoo servers in multi-worker mode behind nginx, on loopback.

The deployment shape of docs/DEPLOYMENT.md on one machine: two application
servers (``deploy/odoo.conf`` filled in twice: own HTTP and gevent ports, the
same database, the same data_dir with the filestore and the sessions) and one
nginx (``deploy/nginx.conf``: both servers as upstreams, /websocket to their
gevent ports, proxy_mode). Everything listens on 127.0.0.1 only.

Used by tests/test_nginx_e2e.py (the default test run) and by the load test::

    python tools/multiserver.py --db case_bench_10000 --hold 600

starts the stack on the database, prints its URL and stops it after
``--hold`` seconds (at most an hour) or on Ctrl-C. nginx is installed from
Debian when missing (as root, like casectl's other packages).
"""

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import casectl

NGINX = {"nginx": "reverse proxy of the multi-server test and the load test"}
MAX_HOLD = 3600


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port, proc, what, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise casectl.Fail(f"{what} exited while starting")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=1),
        ):
            return
        time.sleep(0.3)
    raise casectl.Fail(f"{what} did not listen on port {port} within {timeout} s")


class Stack:
    """Two Odoo servers and nginx; ``url`` is nginx's address."""

    def __init__(
        self,
        db,
        workdir,
        *,
        ports=None,
        workers=2,
        cron_workers=1,
        smtp_port=None,
        python=None,
        addons_path=None,
    ):
        self.db = db
        self.workdir = Path(workdir)
        self.workers = workers
        self.cron_workers = cron_workers
        self.smtp_port = smtp_port or int(os.environ.get("CASE_TEST_SMTP_PORT", "2625"))
        self.python = python or sys.executable
        self.addons_path = addons_path
        ports = ports or {}
        self.http = [
            ports.get("http_a") or free_port(),
            ports.get("http_b") or free_port(),
        ]
        self.gevent = [
            ports.get("gevent_a") or free_port(),
            ports.get("gevent_b") or free_port(),
        ]
        self.listen = ports.get("nginx") or free_port()
        self.url = f"http://127.0.0.1:{self.listen}"
        self.servers = []
        self.nginx = None
        self.logs = []

    def _odoo_launcher(self):
        # Not "python -m odoo": the prefork server starts its gevent process
        # as "python sys.argv[0] gevent", which fails for odoo/__main__.py.
        launcher = Path(self.python).parent / "odoo"
        if launcher.exists():
            return [self.python, str(launcher)]
        return [shutil.which("odoo") or "odoo"]

    def _odoo_conf(self, name, http_port, gevent_port):
        if not self.addons_path:
            from odoo import release

            odoo_addons = Path(release.__file__).resolve().parent / "addons"
            self.addons_path = f"{odoo_addons},{ROOT}"
        log = self.workdir / f"odoo-{name}.log"
        self.logs.append(log)
        text = Template((ROOT / "deploy" / "odoo.conf").read_text()).substitute(
            addons_path=self.addons_path,
            data_dir=casectl.LOCAL / "data",
            db_host=casectl.PG_RUN,
            db_port=casectl.PG_PORT,
            db_user=casectl.DB_ROLE,
            db_name=self.db,
            interface="127.0.0.1",
            http_port=http_port,
            gevent_port=gevent_port,
            workers=self.workers,
            cron_workers=self.cron_workers,
            smtp_host="127.0.0.1",
            smtp_port=self.smtp_port,
            logfile=log,
        )
        conf = self.workdir / f"odoo-{name}.conf"
        conf.write_text(text)
        return conf

    def _nginx_conf(self):
        prefix = self.workdir / "nginx"
        prefix.mkdir(parents=True, exist_ok=True)
        text = Template((ROOT / "deploy" / "nginx.conf").read_text()).substitute(
            prefix=prefix,
            listen=f"127.0.0.1:{self.listen}",
            odoo_a=f"127.0.0.1:{self.http[0]}",
            odoo_b=f"127.0.0.1:{self.http[1]}",
            gevent_a=f"127.0.0.1:{self.gevent[0]}",
            gevent_b=f"127.0.0.1:{self.gevent[1]}",
        )
        conf = prefix / "nginx.conf"
        conf.write_text(text)
        return prefix, conf

    def start(self):
        casectl.ensure_debian_packages(NGINX)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.workdir.mkdir(parents=True, exist_ok=True)
        try:
            for name, http_port, gevent_port in zip(
                "ab", self.http, self.gevent, strict=True
            ):
                conf = self._odoo_conf(name, http_port, gevent_port)
                self.servers.append(
                    subprocess.Popen(
                        [*self._odoo_launcher(), "-c", str(conf)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            prefix, conf = self._nginx_conf()
            self.nginx = subprocess.Popen(
                [nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=open(prefix / "stderr.log", "wb"),  # noqa: SIM115
            )
            for proc, port, name in zip(
                self.servers, self.http, ("Odoo server a", "Odoo server b"), strict=True
            ):
                _wait_port(port, proc, name)
            for proc, port in zip(self.servers, self.gevent, strict=True):
                _wait_port(port, proc, "the gevent process of a server", timeout=60)
            _wait_port(self.listen, self.nginx, "nginx", timeout=20)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        for proc in self.servers:
            casectl.stop_proc(proc, timeout=30)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an existing database")
    parser.add_argument(
        "--hold", type=int, default=600, help=f"seconds to run (<= {MAX_HOLD})"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cron-workers", type=int, default=1)
    parser.add_argument("--http-ports", default="", help="a,b (default: free ports)")
    parser.add_argument("--gevent-ports", default="", help="a,b (default: free ports)")
    parser.add_argument("--nginx-port", type=int, default=0)
    parser.add_argument(
        "--workdir", default="", help="confs and logs (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    ports = {}
    if args.http_ports:
        ports["http_a"], ports["http_b"] = (int(p) for p in args.http_ports.split(","))
    if args.gevent_ports:
        ports["gevent_a"], ports["gevent_b"] = (
            int(p) for p in args.gevent_ports.split(",")
        )
    if args.nginx_port:
        ports["nginx"] = args.nginx_port
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="multiserver-"))
    if not casectl.pg_running():
        casectl.start_postgres()
    stack = Stack(
        args.db,
        workdir,
        ports=ports,
        workers=args.workers,
        cron_workers=args.cron_workers,
    )
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(0))
    with stack:
        print(f"nginx on {stack.url} -> Odoo {stack.http} (gevent {stack.gevent})")
        print(f"configuration files and logs in {workdir}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(min(args.hold, MAX_HOLD))
    return 0


if __name__ == "__main__":
    sys.exit(main())
