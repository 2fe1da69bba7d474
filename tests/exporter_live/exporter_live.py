#!/usr/bin/env python3
"""Live tests of `tlskit exporter` against real servers on 127.0.0.1.

Each case builds a PKI with the `openssl` command (the `Pki` of tests/debugger/fixtures.py), starts
the servers it needs (`openssl s_server`, `tlskit server`, small fake servers) on free loopback
ports, starts `tlskit exporter --listen 127.0.0.1:0` with a generated configuration, scrapes it
and checks every metric value against the certificates themselves (`openssl x509`, `openssl
ocsp`). Every process is started here and stopped by its PID; every wait is bounded.

Usage:
  exporter_live.py --tlskit PATH --case NAME   one case (exit 0 pass, 1 fail, 77 skipped)
  exporter_live.py --tlskit PATH --all         every case
  exporter_live.py --list                      the case names
  exporter_live.py --tlskit PATH --case memory_flat --rounds 5000   a longer soak
"""
import argparse
import calendar
import glob
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "debugger"))
from fixtures import FakeServer, Fail, Pki, Proc, check, free_port, listening_port, terminate  # noqa: E402

SKIP = 77
READY_TIMEOUT = 10.0     # seconds for a process to say it listens
STOP_TIMEOUT = 10.0      # seconds for a process to exit after SIGTERM
RESULT_TIMEOUT = 30.0    # seconds for every target to have a first result
HTTP_TIMEOUT = 20.0      # one HTTP request to the exporter




# --- the certificates, as openssl sees them ----------------------------------------------------

def openssl_time(text):
    """'Jan  1 00:00:00 2021 GMT' -> Unix seconds."""
    return calendar.timegm(time.strptime(" ".join(text.split()), "%b %d %H:%M:%S %Y %Z"))


def pem_blocks(path):
    with open(path) as f:
        text = f.read()
    return re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?", text, re.S)


def x509_facts(pem_text):
    """The labels and values ssl_exporter would give one certificate, from `openssl x509`."""
    def ossl(*args):
        r = subprocess.run(["openssl", "x509", "-noout"] + list(args), input=pem_text.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
        return r.stdout.decode()

    def cn(which):
        out = ossl("-" + which, "-nameopt", "multiline")
        m = re.search(r"^\s*commonName\s*=\s*(.*)$", out, re.M)
        return m.group(1).strip() if m else ""

    serial = ossl("-serial").strip().split("=", 1)[1]
    sans = ossl("-ext", "subjectAltName")
    dns = re.findall(r"DNS:([^,\s]+)", sans)
    return {
        "not_after": openssl_time(ossl("-enddate").strip().split("=", 1)[1]),
        "not_before": openssl_time(ossl("-startdate").strip().split("=", 1)[1]),
        "serial_no": str(int(serial, 16)),
        "cn": cn("subject"),
        "issuer_cn": cn("issuer"),
        "dnsnames": ("," + ",".join(dns) + ",") if dns else "",
    }


def chain_facts(pki, *files):
    """Facts of every certificate in the given files, in order (the chain as a server sends it)."""
    out = []
    for f in files:
        out += [x509_facts(b) for b in pem_blocks(pki.p(f))]
    return out


def ocsp_facts(der_path):
    """status (0 good, 1 revoked), this/next update and revocation time from `openssl ocsp`."""
    r = subprocess.run(["openssl", "ocsp", "-respin", der_path, "-resp_text", "-noverify"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    text = r.stdout.decode()
    status = re.search(r"Cert Status:\s*(\w+)", text).group(1)
    facts = {"status": {"good": 0, "revoked": 1}.get(status, 2),
             "this_update": openssl_time(re.search(r"This Update:\s*(.*)", text).group(1)),
             "next_update": openssl_time(re.search(r"Next Update:\s*(.*)", text).group(1)),
             "produced_at": openssl_time(re.search(r"Produced At:\s*(.*)", text).group(1))}
    m = re.search(r"Revocation Time:\s*(.*)", text)
    if m:
        facts["revoked_at"] = openssl_time(m.group(1))
    return facts


# --- the exposition format ---------------------------------------------------------------------

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def parse_metrics(text):
    """{name: [(labels, value)]}; checks HELP/TYPE precede every family and families are whole."""
    families, seen_types, current = {}, {}, None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            current = line.split()[2]
            check(current not in families, "family %s appears twice" % current)
            families[current] = []
            continue
        if line.startswith("# TYPE "):
            name, typ = line.split()[2:4]
            check(name == current, "TYPE %s without its HELP first" % name)
            seen_types[name] = typ
            continue
        m = SAMPLE.match(line)
        check(m is not None, "not a sample line: %r" % line)
        name = m.group(1)
        check(name == current and name in seen_types, "sample %s outside its family" % name)
        labels = {}
        for k, v in LABEL.findall(m.group(3) or ""):
            labels[k] = re.sub(r'\\(.)', lambda e: {"n": "\n", "\\": "\\", '"': '"'}[e.group(1)], v)
        key = tuple(sorted(labels.items()))
        check(key not in [tuple(sorted(l.items())) for l, _ in families[name]],
              "duplicate series %s%s" % (name, labels))
        families[name].append((labels, float(m.group(4))))
    return families


def series(fam, name, **want):
    """The samples of name whose labels include want."""
    return [(l, v) for l, v in fam.get(name, []) if all(l.get(k) == str(x) for k, x in want.items())]


def value(fam, name, **want):
    s = series(fam, name, **want)
    check(len(s) == 1, "expected one %s%s, got %s" % (name, want, s))
    return s[0][1]


# --- processes ---------------------------------------------------------------------------------

class Exporter:
    """`tlskit exporter` on a free 127.0.0.1 port, stopped by PID."""

    def __init__(self, tlskit, config_path, workdir, extra=()):
        self.log_path = os.path.join(workdir, "exporter.log")
        self.log = open(self.log_path, "ab")
        self.p = subprocess.Popen([tlskit, "exporter", "--config", config_path, "--listen", "127.0.0.1:0"]
                                  + list(extra), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=self.log, cwd=workdir)
        line = b""
        deadline = time.monotonic() + READY_TIMEOUT
        import select
        while time.monotonic() < deadline and b"\n" not in line:
            r, _, _ = select.select([self.p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 256)
                if not chunk:
                    break
                line += chunk
        m = re.search(rb"listening on 127\.0\.0\.1:(\d+)", line)
        if not m:
            self.stop()
            raise Fail("the exporter did not start: %r; log: %s" % (line, self.log_text()))
        self.port = int(m.group(1))

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def get(self, path, timeout=HTTP_TIMEOUT):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, dict(r.getheaders()), r.read().decode()
        finally:
            c.close()

    def metrics(self):
        status, headers, body = self.get("/metrics")
        check(status == 200, "/metrics answered %d" % status)
        check(headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8",
              "/metrics Content-Type %r" % headers.get("Content-Type"))
        return body

    def wait_results(self, targets, timeout=RESULT_TIMEOUT):
        """Waits until every target has probe_success; returns the parsed metrics."""
        deadline = time.monotonic() + timeout
        while True:
            fam = parse_metrics(self.metrics())
            have = {l.get("target") for l, _ in fam.get("probe_success", [])}
            if all(t in have for t in targets):
                return fam
            if time.monotonic() > deadline:
                raise Fail("no result for %s within %.0f s; log: %s" %
                           (sorted(set(targets) - have), timeout, self.log_text()))
            time.sleep(0.1)

    def rss_kib(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            return int(re.search(r"VmRSS:\s*(\d+) kB", f.read()).group(1))

    def cpu_ticks(self):
        with open("/proc/%d/stat" % self.p.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def stop(self):
        """SIGTERM, bounded wait (SIGKILL after it); returns the exit code."""
        if not terminate(self.p, timeout=STOP_TIMEOUT):
            self.log.close()
            raise Fail("the exporter did not stop within %.0f s of SIGTERM" % STOP_TIMEOUT)
        self.p.stdout.close()
        self.log.close()
        return self.p.returncode


class GarbageServer:
    """Answers every connection with fixed non-TLS garbage bytes (or a TLS record header followed
    by garbage, tls_header=True), then closes."""

    def __init__(self, tls_header):
        body = bytes((i * 37 + 11) % 256 for i in range(300))
        self.payload = (b"\x16\x03\x03\x01\x2c" + body) if tls_header else (b"\x00\xff" + body)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        deadline = time.monotonic() + 300
        while not self.stopping.is_set() and time.monotonic() < deadline:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            try:
                c.settimeout(1.0)
                try:
                    c.recv(4096)
                except socket.timeout:
                    pass
                c.sendall(self.payload)
                time.sleep(0.05)
            except OSError:
                pass
            finally:
                c.close()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=STOP_TIMEOUT)
        self.sock.close()


class Servers:
    """The servers of one case; stopped together."""

    def __init__(self, tlskit, pki):
        self.tlskit, self.pki, self.stops = tlskit, pki, []

    def openssl(self, *args):
        port = free_port()
        # s_server prints ACCEPT once it listens (not with -quiet): wait for that line.
        p = Proc(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www"] + list(args),
                 "ACCEPT", self.pki.d)
        self.stops.append(p.stop)
        return port

    def tlskit_server(self, *args):
        p = Proc([self.tlskit, "server", "--port", "0", "--quiet"] + list(args), "listening on", self.pki.d)
        self.stops.append(p.stop)
        return listening_port(p), p

    def fake(self, kind):
        f = FakeServer(kind)
        self.stops.append(f.stop)
        return f.port

    def garbage(self, tls_header):
        g = GarbageServer(tls_header)
        self.stops.append(g.stop)
        return g.port

    def stop(self):
        for s in reversed(self.stops):
            s()


def target_yaml(name, address=None, file=None, **extra):
    lines = ["  - name: %s" % name]
    lines.append("    address: %s" % address if address else "    file: '%s'" % file)
    for k, v in extra.items():
        lines.append("    %s: %s" % (k, v))
    return "\n".join(lines) + "\n"


def write_config(path, targets, interval="1s", timeout="3s", modules="", extra_global=""):
    with open(path, "w") as f:
        f.write("global:\n  interval: %s\n  timeout: %s\n%s" % (interval, timeout, extra_global))
        if modules:
            f.write("modules:\n" + modules)
        f.write("targets:\n" + "".join(targets))


# --- checks of one target's metrics ------------------------------------------------------------

def check_chain(fam, target, facts, file_label=None):
    """ssl_cert_not_after/_before of every certificate, label for label, against openssl."""
    for name, key in (("ssl_cert_not_after", "not_after"), ("ssl_cert_not_before", "not_before")):
        got = series(fam, name, target=target, **({"file": file_label} if file_label else {}))
        check(len(got) == len(facts), "%s{target=%s}: %d series, the chain has %d certificates: %s" %
              (name, target, len(got), len(facts), got))
        for depth, f in enumerate(facts):
            want = dict(depth=depth, cn=f["cn"], issuer_cn=f["issuer_cn"], serial_no=f["serial_no"],
                        dnsnames=f["dnsnames"])
            s = [v for l, v in got if all(l.get(k) == str(x) for k, x in want.items())]
            check(len(s) == 1, "%s{target=%s,depth=%d}: no series with labels %s in %s" %
                  (name, target, depth, want, got))
            check(s[0] == f[key], "%s{target=%s,depth=%d} = %d, openssl says %d" %
                  (name, target, depth, s[0], f[key]))


def check_target(fam, t, pki):
    """Checks everything expected of target spec t (see the FIXTURES table)."""
    name = t["name"]
    check(value(fam, "probe_success", target=name) == (1 if t["success"] else 0),
          "%s: probe_success %s, expected %s" % (name, value(fam, "probe_success", target=name), t["success"]))
    causes = series(fam, "tlskit_probe_failure_info", target=name)
    if t["success"]:
        check(causes == [], "%s: a failure cause on success: %s" % (name, causes))
    else:
        check([l["cause"] for l, v in causes] == [t["cause"]] and causes[0][1] == 1,
              "%s: cause %s, expected %s" % (name, causes, t["cause"]))
    dur = value(fam, "probe_duration_seconds", target=name)
    check(0 <= dur < t.get("max_duration", 5.0), "%s: probe_duration_seconds %s" % (name, dur))
    if "min_duration" in t:
        check(dur >= t["min_duration"], "%s: probe_duration_seconds %s < %s" % (name, dur, t["min_duration"]))
    code = series(fam, "tlskit_probe_verify_code", target=name)
    if "verify_code" in t:
        check([v for _, v in code] == [t["verify_code"]], "%s: verify code %s, expected %s" %
              (name, code, t["verify_code"]))
    else:
        check(code == [], "%s: a verify code without verification: %s" % (name, code))
    chain = chain_facts(pki, *t.get("chain", ()))
    if chain:
        check_chain(fam, name, chain)
        check(value(fam, "probe_ssl_earliest_cert_expiry", target=name) == min(f["not_after"] for f in chain),
              "%s: probe_ssl_earliest_cert_expiry differs from the earliest notAfter sent" % name)
    elif not t.get("files"):
        check(series(fam, "ssl_cert_not_after", target=name) == [], "%s: certificates without a chain" % name)
        check(series(fam, "probe_ssl_earliest_cert_expiry", target=name) == [], "%s: expiry without chain" % name)
    if t.get("verified_path"):
        want = min(f["not_after"] for f in chain_facts(pki, *t["verified_path"]))
        check(value(fam, "probe_ssl_last_chain_expiry_timestamp_seconds", target=name) == want,
              "%s: last chain expiry differs from the verified path's earliest notAfter" % name)
    else:
        check(series(fam, "probe_ssl_last_chain_expiry_timestamp_seconds", target=name) == [],
              "%s: a verified-chain expiry without a verified chain" % name)
    if "version" in t:
        check(series(fam, "probe_tls_version_info", target=name, version=t["version"]) != [],
              "%s: no probe_tls_version_info{version=%r}" % (name, t["version"]))
        cipher = series(fam, "probe_tls_cipher_info", target=name)
        check(len(cipher) == 1 and cipher[0][0]["cipher"].startswith("TLS_"), "%s: cipher %s" % (name, cipher))
    if t["success"] and not t.get("files"):
        hs = value(fam, "probe_tls_handshake_seconds", target=name)
        check(0 < hs <= dur, "%s: handshake %s s, probe %s s" % (name, hs, dur))
    ocsp = t.get("ocsp")
    stapled = series(fam, "ssl_ocsp_response_stapled", target=name)
    status = series(fam, "ssl_ocsp_response_status", target=name)
    if ocsp:
        facts = ocsp_facts(pki.p(ocsp))
        check([v for _, v in stapled] == [1], "%s: stapled %s" % (name, stapled))
        check([v for _, v in status] == [facts["status"]], "%s: OCSP status %s, openssl says %s" %
              (name, status, facts["status"]))
        for k in ("this_update", "next_update", "produced_at", "revoked_at"):
            got = series(fam, "ssl_ocsp_response_" + k, target=name)
            want = [facts[k]] if k in facts else []
            check([v for _, v in got] == want, "%s: ssl_ocsp_response_%s %s, openssl says %s" %
                  (name, k, got, want))
    else:
        # Never a made-up "good": no status without a stapled response.
        check(status == [], "%s: an OCSP status without a stapled response: %s" % (name, status))
        if chain:
            check([v for _, v in stapled] == [0], "%s: stapled %s, expected 0" % (name, stapled))


# --- the fixtures ------------------------------------------------------------------------------

def fixture_targets(kind, srv, pki):
    """(targets yaml, expectations) for one kind of server."""
    ca = {"ca_file": pki.p("root.pem"), "server_name": "localhost"}
    if kind == "healthy":
        port = srv.openssl("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem",
                           "-status_file", "leaf.ocsp.der")
        return [(target_yaml("healthy", "127.0.0.1:%d" % port, **ca),
                 dict(name="healthy", success=True, cause="none", verify_code=0, version="TLS 1.3",
                      chain=("leaf.pem", "inter.pem"), verified_path=("leaf.pem", "inter.pem", "root.pem"),
                      ocsp="leaf.ocsp.der"))]
    if kind == "healthy_tls12":
        port = srv.openssl("-tls1_2", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem")
        return [(target_yaml("tls12", "127.0.0.1:%d" % port, versions="['1.2']", **ca),
                 dict(name="tls12", success=True, cause="none", verify_code=0, version="TLS 1.2",
                      chain=("leaf.pem", "inter.pem"), verified_path=("leaf.pem", "inter.pem", "root.pem")))]
    if kind == "expired":
        port = srv.openssl("-cert", "expired.pem", "-key", "expired.key", "-cert_chain", "inter.pem")
        return [(target_yaml("expired", "127.0.0.1:%d" % port, **ca),
                 dict(name="expired", success=False, cause="certificate_expired", verify_code=10,
                      version="TLS 1.3", chain=("expired.pem", "inter.pem")))]
    if kind == "not_yet_valid":
        port = srv.openssl("-cert", "future.pem", "-key", "future.key", "-cert_chain", "inter.pem")
        return [(target_yaml("future", "127.0.0.1:%d" % port, **ca),
                 dict(name="future", success=False, cause="certificate_not_yet_valid", verify_code=9,
                      chain=("future.pem", "inter.pem")))]
    if kind == "wrong_host":
        port = srv.openssl("-cert", "wronghost.pem", "-key", "wronghost.key", "-cert_chain", "inter.pem")
        return [(target_yaml("wronghost", "127.0.0.1:%d" % port, **ca),
                 dict(name="wronghost", success=False, cause="hostname_mismatch", verify_code=62,
                      chain=("wronghost.pem", "inter.pem")))]
    if kind == "missing_intermediate":
        port = srv.openssl("-cert", "leaf.pem", "-key", "leaf.key")
        return [(target_yaml("nointer", "127.0.0.1:%d" % port, **ca),
                 dict(name="nointer", success=False, cause="missing_intermediate", verify_code=20,
                      chain=("leaf.pem",)))]
    if kind == "mtls":
        port, _ = srv.tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key",
                                    "--require-client-cert", "--client-ca", "root.pem")
        return [(target_yaml("mtls_none", "127.0.0.1:%d" % port, **ca),
                 dict(name="mtls_none", success=False, cause="client_certificate_required", verify_code=0,
                      chain=("leaf.pem", "inter.pem"))),
                (target_yaml("mtls_ok", "127.0.0.1:%d" % port, client_cert=pki.p("client_chain.pem"),
                             client_key=pki.p("client.key"), **ca),
                 dict(name="mtls_ok", success=True, cause="none", verify_code=0, version="TLS 1.3",
                      chain=("leaf.pem", "inter.pem"), verified_path=("leaf.pem", "inter.pem", "root.pem"),
                      max_duration=3.0))]
    if kind == "ocsp_revoked":
        port = srv.openssl("-cert", "revoked.pem", "-key", "revoked.key", "-cert_chain", "inter.pem",
                           "-status_file", "revoked.ocsp.der")
        return [(target_yaml("revoked", "127.0.0.1:%d" % port, **ca),
                 dict(name="revoked", success=False, cause="revoked", verify_code=23,
                      chain=("revoked.pem", "inter.pem"), ocsp="revoked.ocsp.der"))]
    if kind == "closed_port":
        return [(target_yaml("closed", "127.0.0.1:%d" % free_port()),
                 dict(name="closed", success=False, cause="connection_refused"))]
    if kind == "plain_http":
        port = srv.fake("http")
        return [(target_yaml("http", "127.0.0.1:%d" % port),
                 dict(name="http", success=False, cause="not_tls"))]
    if kind == "silent":
        port = srv.fake("silent")
        return [(target_yaml("silent", "127.0.0.1:%d" % port, timeout="1s"),
                 dict(name="silent", success=False, cause="timeout", min_duration=0.9, max_duration=2.0))]
    if kind == "garbage":
        plain = srv.garbage(False)
        record = srv.garbage(True)
        return [(target_yaml("garbage", "127.0.0.1:%d" % plain),
                 dict(name="garbage", success=False, cause="not_tls")),
                (target_yaml("garbage_record", "127.0.0.1:%d" % record),
                 dict(name="garbage_record", success=False, cause="protocol_error"))]
    raise KeyError(kind)


def case_fixture(kind):
    def run(tlskit, pki, workdir):
        srv = Servers(tlskit, pki)
        ex = None
        try:
            specs = fixture_targets(kind, srv, pki)
            cfg = os.path.join(workdir, "exporter.yaml")
            write_config(cfg, [y for y, _ in specs])
            ex = Exporter(tlskit, cfg, workdir)
            fam = ex.wait_results([t["name"] for _, t in specs])
            for _, t in specs:
                check_target(fam, t, pki)
            # The exporter keeps serving after any of these.
            check(ex.get("/healthz")[0] == 200, "/healthz after the probes")
            rc = ex.stop()
            check(rc == 0, "exit code %d after SIGTERM" % rc)
            log = ex.log_text()
            for _, t in specs:
                if not t["success"]:
                    check("target '%s': FAILED: %s: " % (t["name"], t["cause"]) in log,
                          "no log line for %s's failure in %r" % (t["name"], log[-600:]))
        finally:
            if ex is not None and ex.p.poll() is None:
                ex.stop()
            srv.stop()
    return run


def case_files(tlskit, pki, workdir):
    """File targets: one file, a glob of many, no match, an unparsable file."""
    bad = os.path.join(workdir, "broken.pem")
    with open(bad, "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n")
    cfg = os.path.join(workdir, "exporter.yaml")
    pattern = pki.p("*_chain.pem")
    write_config(cfg, [target_yaml("one", file=pki.p("leaf_chain.pem")),
                       target_yaml("glob", file=pattern),
                       target_yaml("nomatch", file=pki.p("nothing-*.pem")),
                       target_yaml("broken", file=bad)])
    ex = Exporter(tlskit, cfg, workdir)
    try:
        fam = ex.wait_results(["one", "glob", "nomatch", "broken"])
        check_chain(fam, "one", chain_facts(pki, "leaf_chain.pem"), file_label=pki.p("leaf_chain.pem"))
        check(value(fam, "probe_success", target="one") == 1, "one: probe_success")
        files = sorted(glob.glob(pattern))
        check(len(files) >= 5, "the PKI has only %s" % files)
        total = 0
        earliest = None
        for path in files:
            facts = [x509_facts(b) for b in pem_blocks(path)]
            check_chain(fam, "glob", facts, file_label=path)
            total += len(facts)
            e = min(f["not_after"] for f in facts)
            earliest = e if earliest is None else min(earliest, e)
        check(len(series(fam, "ssl_cert_not_after", target="glob")) == total,
              "glob: %d series for %d certificates" % (len(series(fam, "ssl_cert_not_after", target="glob")), total))
        check(value(fam, "probe_ssl_earliest_cert_expiry", target="glob") == earliest,
              "glob: earliest expiry (expired_chain.pem's leaf) differs")
        check(value(fam, "probe_success", target="nomatch") == 0, "nomatch: probe_success")
        check(series(fam, "tlskit_probe_failure_info", target="nomatch", cause="config_error") != [],
              "nomatch: cause config_error")
        check(value(fam, "probe_success", target="broken") == 0, "broken: probe_success")
        check(series(fam, "tlskit_probe_failure_info", target="broken", cause="certificate_invalid") != [],
              "broken: cause certificate_invalid")
        for t in ("one", "glob", "nomatch", "broken"):
            check(series(fam, "ssl_ocsp_response_stapled", target=t) == [], "%s: OCSP for a file" % t)
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex.p.poll() is None:
            ex.stop()


def case_probe_endpoint(tlskit, pki, workdir):
    """/probe: one handshake per request with the module's settings; 400 for bad requests."""
    srv = Servers(tlskit, pki)
    ex = None
    try:
        port, _ = srv.tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key")
        exp_port = srv.openssl("-cert", "expired.pem", "-key", "expired.key", "-cert_chain", "inter.pem")
        cfg = os.path.join(workdir, "exporter.yaml")
        modules = ("  internal:\n    ca_file: %s\n    server_name: localhost\n    timeout: 3s\n"
                   "  tls12:\n    ca_file: %s\n    versions: ['1.2']\n" % (pki.p("root.pem"), pki.p("root.pem")))
        write_config(cfg, [], modules=modules)
        ex = Exporter(tlskit, cfg, workdir)
        facts = chain_facts(pki, "leaf_chain.pem")
        for i in range(3):
            status, headers, body = ex.get("/probe?target=127.0.0.1:%d&module=internal" % port)
            check(status == 200, "/probe answered %d: %s" % (status, body))
            check(headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8", "Content-Type")
            fam = parse_metrics(body)
            check(value(fam, "probe_success") == 1, "/probe healthy: probe_success 0: %s" % body)
            check("target" not in str(fam.get("probe_success")), "/probe: a target label")
            for depth, f in enumerate(facts):
                check(series(fam, "ssl_cert_not_after", depth=depth, serial_no=f["serial_no"])[0][1] ==
                      f["not_after"], "/probe: notAfter of depth %d" % depth)
        status, _, body = ex.get("/probe?target=127.0.0.1:%d&module=internal&servername=localhost" % exp_port)
        fam = parse_metrics(body)
        check(value(fam, "probe_success") == 0 and
              series(fam, "tlskit_probe_failure_info", cause="certificate_expired") != [],
              "/probe expired: %s" % body)
        # servername overrides the module's: a name the certificate does not cover.
        status, _, body = ex.get("/probe?target=127.0.0.1:%d&module=internal&servername=other.example" % exp_port)
        check(series(parse_metrics(body), "tlskit_probe_failure_info") != [], "/probe servername")
        # The tls12 module offers only TLS 1.2.
        status, _, body = ex.get("/probe?target=127.0.0.1:%d&module=tls12&servername=localhost" % exp_port)
        check(series(parse_metrics(body), "probe_tls_version_info", version="TLS 1.2") != [],
              "/probe module tls12: %s" % body)
        for path, code, text in (("/probe", 400, "/probe needs a target"),
                                 ("/probe?module=internal", 400, "/probe needs a target"),
                                 ("/probe?target=127.0.0.1:1&module=nope", 400, "unknown module 'nope'"),
                                 ("/probe?target=no-port", 400, "target 'no-port'"),
                                 ("/probe?target=%zz", 400, "bad query string"),
                                 ("/nothing", 404, "not found"),
                                 ("/healthz", 200, "ok")):
            status, _, body = ex.get(path)
            check(status == code and text in body, "%s: %d %r, expected %d %r" % (path, status, body, code, text))
        status, headers, body = ex.get("/")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/html") and
              "tlskit exporter" in body, "/: %d %r" % (status, body[:200]))
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


def case_probe_no_cache(tlskit, pki, workdir):
    """Each /probe request is its own handshake: a `tlskit server` logs one line per connection."""
    log_path = os.path.join(workdir, "server.log")
    port = free_port()
    with open(log_path, "wb") as log:
        p = subprocess.Popen([tlskit, "server", "--port", str(port), "--cert", "leaf_chain.pem",
                              "--key", "leaf.key"], cwd=pki.d, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=log)
    ex = None
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(0.3)
        base = open(log_path, "rb").read().count(b"\n")
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [], modules="  m:\n    ca_file: %s\n    server_name: localhost\n" % pki.p("root.pem"))
        ex = Exporter(tlskit, cfg, workdir)
        for _ in range(4):
            status, _, body = ex.get("/probe?target=127.0.0.1:%d&module=m" % port)
            check(status == 200 and "\nprobe_success 1\n" in "\n" + body, "/probe: %s" % body)
        time.sleep(0.5)
        lines = [l for l in open(log_path, "rb").read().splitlines()[base:] if b"TLSv1.3" in l]
        check(len(lines) == 4, "4 /probe requests made %d handshakes: %r" % (len(lines), lines))
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        os.kill(p.pid, signal.SIGTERM)
        p.wait(timeout=STOP_TIMEOUT)
        p.stdout.close()


def case_promtool(tlskit, pki, workdir):
    """`promtool check metrics` accepts /metrics and /probe output with every kind of series."""
    if shutil.which("promtool") is None:
        print("SKIP: promtool (Debian package prometheus) is not installed")
        return SKIP
    srv = Servers(tlskit, pki)
    ex = None
    try:
        specs = []
        for kind in ("healthy", "expired", "ocsp_revoked", "closed_port"):
            specs += fixture_targets(kind, srv, pki)
        # A YAML double-quoted name with a quote, a backslash and a line feed in it.
        odd = target_yaml('"odd \\"name\\" \\\\ with\\nescapes"', file=pki.p("leaf_chain.pem"))
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [y for y, _ in specs] + [odd, target_yaml("files", file=pki.p("*_chain.pem"))])
        ex = Exporter(tlskit, cfg, workdir)
        # Every target, the odd-named one included (its file is probed in the same rounds).
        odd_name = 'odd "name" \\ with\nescapes'
        fam = ex.wait_results([t["name"] for _, t in specs] + ["files", odd_name])
        odd_names = [l["target"] for l, _ in fam["probe_success"] if "odd" in l["target"]]
        check(odd_names == [odd_name], "escaped target label read back as %r" % odd_names)
        outputs = {"metrics": ex.metrics()}
        healthy_port = re.search(r"127\.0\.0\.1:(\d+)", specs[0][0]).group(1)
        outputs["probe"] = ex.get("/probe?target=127.0.0.1:%s&servername=localhost" % healthy_port)[2]
        for what, text in outputs.items():
            r = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=60)
            check(r.returncode == 0, "promtool check metrics rejected /%s: %s" % (what, r.stdout.decode()))
            parse_metrics(text)
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


def case_prometheus(tlskit, pki, workdir):
    """A real prometheus scrapes /metrics and, blackbox-style, /probe; its query API returns the series."""
    if shutil.which("prometheus") is None:
        print("SKIP: prometheus (Debian package prometheus) is not installed")
        return SKIP
    srv = Servers(tlskit, pki)
    ex = None
    prom = None
    try:
        specs = fixture_targets("healthy", srv, pki) + fixture_targets("expired", srv, pki)
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [y for y, _ in specs],
                     modules="  internal:\n    ca_file: %s\n    server_name: localhost\n" % pki.p("root.pem"))
        ex = Exporter(tlskit, cfg, workdir)
        ex.wait_results(["healthy", "expired"])
        healthy_port = re.search(r"127\.0\.0\.1:(\d+)", specs[0][0]).group(1)
        prom_port = free_port()
        prom_cfg = os.path.join(workdir, "prometheus.yml")
        with open(prom_cfg, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n"
                    "  - job_name: tlskit\n    static_configs:\n      - targets: ['127.0.0.1:%d']\n"
                    "  - job_name: tlskit_probe\n    metrics_path: /probe\n    params:\n      module: [internal]\n"
                    "    static_configs:\n      - targets: ['127.0.0.1:%s']\n"
                    "    relabel_configs:\n"
                    "      - source_labels: [__address__]\n        target_label: __param_target\n"
                    "      - source_labels: [__param_target]\n        target_label: instance\n"
                    "      - target_label: __address__\n        replacement: 127.0.0.1:%d\n"
                    % (ex.port, healthy_port, ex.port))
        prom_log = open(os.path.join(workdir, "prometheus.log"), "wb")
        prom = subprocess.Popen(["prometheus", "--config.file", prom_cfg, "--storage.tsdb.path",
                                 os.path.join(workdir, "tsdb"), "--web.listen-address", "127.0.0.1:%d" % prom_port,
                                 "--log.level", "warn"], stdin=subprocess.DEVNULL, stdout=prom_log,
                                stderr=subprocess.STDOUT, cwd=workdir)
        import json

        def query(q):
            c = http.client.HTTPConnection("127.0.0.1", prom_port, timeout=5)
            try:
                c.request("GET", "/api/v1/query?query=" + urllib.parse.quote(q))
                return json.loads(c.getresponse().read().decode())
            finally:
                c.close()

        wanted = {
            'probe_success{job="tlskit",target="healthy"}': 1,
            'probe_success{job="tlskit",target="expired"}': 0,
            'tlskit_probe_failure_info{job="tlskit",target="expired",cause="certificate_expired"}': 1,
            'ssl_cert_not_after{job="tlskit",target="healthy",depth="0"}':
                chain_facts(pki, "leaf.pem")[0]["not_after"],
            'probe_success{job="tlskit_probe",instance="127.0.0.1:%s"}' % healthy_port: 1,
            'ssl_ocsp_response_status{job="tlskit_probe"}': 0,
        }
        got = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(got) < len(wanted):
            if prom.poll() is not None:
                raise Fail("prometheus exited %d: %s" % (prom.returncode,
                                                        open(os.path.join(workdir, "prometheus.log")).read()[-800:]))
            for q in wanted:
                if q in got:
                    continue
                try:
                    r = query(q)
                except (OSError, ValueError):
                    break
                res = r.get("data", {}).get("result", [])
                if r.get("status") == "success" and len(res) == 1:
                    got[q] = float(res[0]["value"][1])
            time.sleep(0.5)
        for q, want in wanted.items():
            check(q in got, "prometheus returned no series for %s (got %s)" % (q, got))
            check(got[q] == want, "prometheus: %s = %s, expected %s" % (q, got[q], want))
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if prom is not None:
            terminate(prom, timeout=STOP_TIMEOUT)
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


def case_reload(tlskit, pki, workdir):
    """SIGHUP reloads; a bad reload keeps the old configuration and logs FILE:LINE:COLUMN."""
    cfg = os.path.join(workdir, "exporter.yaml")
    write_config(cfg, [target_yaml("a", file=pki.p("leaf.pem"))])
    ex = Exporter(tlskit, cfg, workdir)
    try:
        ex.wait_results(["a"])
        write_config(cfg, [target_yaml("a", file=pki.p("leaf.pem")), target_yaml("b", file=pki.p("inter.pem"))])
        os.kill(ex.p.pid, signal.SIGHUP)
        fam = ex.wait_results(["a", "b"])
        check(value(fam, "tlskit_exporter_targets") == 2, "2 targets after the reload")
        with open(cfg, "w") as f:
            f.write("global:\n  interval: 1s\ntargets:\n  - name: a\n    file: x\n    interval: soon\n")
        os.kill(ex.p.pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "reload failed" not in ex.log_text():
            time.sleep(0.1)
        log = ex.log_text()
        check("reload failed, keeping the configuration in force: %s:6:15: targets[0] ('a').interval: "
              "'soon' is not a duration" % cfg in log, "the bad reload was not logged with its place: %r" % log[-800:])
        fam = parse_metrics(ex.metrics())
        check(value(fam, "tlskit_exporter_config_last_reload_successful") == 0, "last reload flag")
        check(value(fam, "tlskit_exporter_targets") == 2, "the old configuration is still in force")
        check({l["target"] for l, _ in fam["probe_success"]} == {"a", "b"}, "targets after a bad reload")
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex.p.poll() is None:
            ex.stop()


def case_sigterm_during_probe(tlskit, pki, workdir):
    """SIGTERM while a probe waits on a silent server: exit 0 within the probe's timeout; the
    exporter answers /healthz and /metrics while that probe runs."""
    srv = Servers(tlskit, pki)
    ex = None
    try:
        port = srv.fake("silent")
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [target_yaml("silent", "127.0.0.1:%d" % port, timeout="3s")], timeout="3s")
        ex = Exporter(tlskit, cfg, workdir)
        time.sleep(1.2)  # the first probe has started (within 1 s) and is waiting
        t0 = time.monotonic()
        check(ex.get("/healthz", timeout=2)[0] == 200, "/healthz while a probe waits")
        ex.metrics()
        check(time.monotonic() - t0 < 1.0, "the endpoints were slow while a probe waited")
        t0 = time.monotonic()
        rc = ex.stop()
        took = time.monotonic() - t0
        check(rc == 0, "exit code %d after SIGTERM" % rc)
        check(took < 5.0, "took %.1f s to stop" % took)
        check("SIGTERM: stopping" in ex.log_text() and "stopped" in ex.log_text(), "stop not logged")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


def case_bad_config(tlskit, pki, workdir):
    """Unreadable, malformed and invalid configurations: one line with FILE:LINE:COLUMN, exit 2."""
    def run(*args):
        r = subprocess.run([tlskit, "exporter"] + list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30, cwd=workdir)
        return r.returncode, r.stdout.decode(), r.stderr.decode()
    bad = os.path.join(workdir, "bad.yaml")
    cases = [
        ("targets:\n  - name: web\n    address: 127.0.0.1:443\n    ca_file: /nonexistent.pem\n",
         bad + ":4:14: targets[0] ('web').ca_file: cannot read '/nonexistent.pem'"),
        ("targets:\n  - name: web\n    address: [unclosed\n", bad + ":4:1: not valid YAML: "),
        ("targets:\n  - name: web\n    addr: 127.0.0.1:443\n",
         bad + ":3:5: targets[0] ('web'): unknown key 'addr' (did you mean 'address'?)"),
        ("\x00\x01\x02 garbage: [\n", bad + ":"),
    ]
    for text, want in cases:
        with open(bad, "w") as f:
            f.write(text)
        rc, out, err = run("--config", bad, "--listen", "127.0.0.1:0")
        check(rc == 2, "exit %d for %r" % (rc, text))
        check(len(err.strip().splitlines()) == 1 and want in err, "stderr %r, wanted %r" % (err, want))
    rc, out, err = run("--config", os.path.join(workdir, "missing.yaml"))
    check(rc == 2 and "missing.yaml: cannot open the configuration file" in err, "missing file: %d %r" % (rc, err))
    rc, out, err = run()
    check(rc == 2 and "--config FILE is required" in err, "no --config: %d %r" % (rc, err))
    good = os.path.join(workdir, "good.yaml")
    write_config(good, [target_yaml("a", file=pki.p("leaf.pem"))])
    rc, out, err = run("--config", good, "--check-config")
    check(rc == 0 and "ok (1 targets, 0 modules)" in out, "--check-config: %d %r %r" % (rc, out, err))
    # --once prints the metrics of one round; exit 1 when a target failed.
    write_config(good, [target_yaml("a", file=pki.p("leaf.pem")), target_yaml("b", "127.0.0.1:%d" % free_port())])
    rc, out, err = run("--config", good, "--once")
    fam = parse_metrics(out)
    check(rc == 1 and value(fam, "probe_success", target="a") == 1 and value(fam, "probe_success", target="b") == 0,
          "--once: exit %d, %r" % (rc, out[-400:]))
    # Cannot listen: exit 1.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    try:
        rc, out, err = run("--config", good, "--listen", "127.0.0.1:%d" % s.getsockname()[1])
    finally:
        s.close()
    check(rc == 1 and "127.0.0.1" in err, "listening on a busy port: %d %r" % (rc, err))


def case_bad_http(tlskit, pki, workdir):
    """Garbage, oversized, slow and half requests: clear HTTP errors; the exporter keeps serving."""
    cfg = os.path.join(workdir, "exporter.yaml")
    write_config(cfg, [target_yaml("a", file=pki.p("leaf.pem"))])
    ex = Exporter(tlskit, cfg, workdir)

    def raw(data, wait=5.0):
        s = socket.create_connection(("127.0.0.1", ex.port), timeout=wait)
        try:
            if data:
                s.sendall(data)
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return out
                out += chunk
        finally:
            s.close()
    try:
        check(raw(b"\x16\x03\x01\x00\x05hello\r\n\r\n").startswith(b"HTTP/1.1 400 "), "TLS bytes: not 400")
        check(raw(b"GET /metrics HTTP/1.1\r\nX: " + b"a" * 40000 + b"\r\n\r\n").startswith(b"HTTP/1.1 431 "),
              "oversized head: not 431")
        check(raw(b"DELETE /metrics HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 405 "), "DELETE: not 405")
        check(raw(b"GET /probe?target=%GG HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400 "), "bad escape: not 400")
        # Slow clients (they connect and say nothing) do not block others.
        idle = [socket.create_connection(("127.0.0.1", ex.port), timeout=5) for _ in range(5)]
        t0 = time.monotonic()
        check(ex.get("/healthz")[0] == 200, "/healthz with idle clients connected")
        check(time.monotonic() - t0 < 1.0, "/healthz was slow with idle clients connected")
        # An idle client is answered 408 after the request timeout (10 s) and closed.
        idle[0].settimeout(15)
        got = b""
        while not got.endswith(b"\n"):
            chunk = idle[0].recv(4096)
            if not chunk:
                break
            got += chunk
        check(got.startswith(b"HTTP/1.1 408 "), "an idle connection got %r" % got[:80])
        for s in idle:
            s.close()
        check(ex.get("/healthz")[0] == 200, "/healthz after the bad requests")
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex.p.poll() is None:
            ex.stop()


def case_memory_flat(tlskit, pki, workdir, rounds=3000):
    """Thousands of probe rounds against loopback servers (10 ms interval): RSS and CPU per probe
    stay flat. RSS is sampled from /proc/PID/status after a warm-up and at the end."""
    srv = Servers(tlskit, pki)
    ex = None
    try:
        port, _ = srv.tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--max-concurrent", "16")
        # tlskit servers (--quiet): openssl s_server would block once its unread stdout pipe fills.
        exp_port, _ = srv.tlskit_server("--cert", "expired_chain.pem", "--key", "expired.key",
                                        "--max-concurrent", "16")
        ca = {"ca_file": pki.p("root.pem"), "server_name": "localhost", "interval": "10ms"}
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [target_yaml("healthy", "127.0.0.1:%d" % port, **ca),
                           target_yaml("expired", "127.0.0.1:%d" % exp_port, **ca),
                           target_yaml("closed", "127.0.0.1:%d" % free_port(), interval="10ms"),
                           target_yaml("files", file=pki.p("*_chain.pem"), interval="10ms")],
                     extra_global="  concurrency: 4\n  jitter: 0.1\n")
        ex = Exporter(tlskit, cfg, workdir, extra=["--quiet"])

        def probes():
            fam = parse_metrics(ex.metrics())
            return sum(v for _, v in fam.get("tlskit_exporter_probes_total", []))
        warm = rounds // 5
        deadline = time.monotonic() + 600
        while probes() < warm:
            check(time.monotonic() < deadline, "too slow to warm up")
            time.sleep(0.2)
        n0, rss0, cpu0, t0 = probes(), ex.rss_kib(), ex.cpu_ticks(), time.monotonic()
        samples = [rss0]
        mid = None  # (probes, cpu ticks) half-way, to compare the CPU per probe of both halves
        while True:
            n = probes()
            samples.append(ex.rss_kib())
            if mid is None and n >= n0 + rounds // 2:
                mid = (n, ex.cpu_ticks())
            if n >= n0 + rounds:
                break
            check(time.monotonic() < deadline, "too slow: %d probes" % n)
            time.sleep(0.5)
        n1, rss1, cpu1, t1 = probes(), ex.rss_kib(), ex.cpu_ticks(), time.monotonic()
        fam = parse_metrics(ex.metrics())
        check(value(fam, "probe_success", target="healthy") == 1, "healthy failed during the soak")
        check(series(fam, "tlskit_probe_failure_info", target="expired", cause="certificate_expired") != [],
              "expired: cause %s" % series(fam, "tlskit_probe_failure_info", target="expired"))
        # Bounded growth: the exporter keeps one outcome per target and frees every probe's
        # report, so after the warm-up RSS may only move within the allocator's slack (arenas
        # of the 4 probe threads and the HTTP threads): 4 MiB.
        growth = rss1 - rss0
        hz = os.sysconf("SC_CLK_TCK")
        per_probe_ms = (cpu1 - cpu0) * 1000.0 / hz / max(1, n1 - n0)
        print("memory_flat: %d probes in %.1f s (%.0f/s) after %d warm-up probes; RSS %d KiB -> %d KiB "
              "(max %d, growth %d KiB); CPU %.3f ms per probe" %
              (n1 - n0, t1 - t0, (n1 - n0) / (t1 - t0), n0, rss0, rss1, max(samples), growth, per_probe_ms))
        first = (mid[1] - cpu0) / max(1, mid[0] - n0)
        second = (cpu1 - mid[1]) / max(1, n1 - mid[0])
        print("memory_flat: CPU ticks per 1000 probes: first half %.1f, second half %.1f" %
              (first * 1000, second * 1000))
        # CPU stays flat: the second half costs no more per probe than the first (plus 50% and
        # 2 ticks of measurement noise: the clock-tick granularity is 10 ms).
        check(second * (n1 - mid[0]) <= 1.5 * first * (n1 - mid[0]) + 2,
              "CPU per probe grew from %.3f to %.3f ticks" % (first, second))
        check(growth <= 4096, "RSS grew by %d KiB over %d probes (bound 4096 KiB)" % (growth, n1 - n0))
        check(max(samples) - rss0 <= 4096, "RSS peaked %d KiB above the warm level" % (max(samples) - rss0))
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


def case_examples(tlskit, pki, workdir):
    """docs/examples: promtool accepts the alert rules and the scrape configuration, and every
    metric they and the Grafana dashboard use is one the exporter really serves."""
    if shutil.which("promtool") is None:
        print("SKIP: promtool (Debian package prometheus) is not installed")
        return SKIP
    import json
    examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "examples")
    for f in ("prometheus.yml", "tlskit-alerts.yml"):
        shutil.copy(os.path.join(examples, f), workdir)
    for args in (["check", "rules", "tlskit-alerts.yml"], ["check", "config", "prometheus.yml"]):
        r = subprocess.run(["promtool"] + args, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=60)
        check(r.returncode == 0, "promtool %s: %s" % (" ".join(args), r.stdout.decode()))
    with open(os.path.join(examples, "grafana-dashboard.json")) as f:
        dash = json.load(f)
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    with open(os.path.join(examples, "tlskit-alerts.yml")) as f:
        exprs += re.findall(r"expr: (.*)", f.read())
    used = set()
    for e in exprs:
        used |= set(re.findall(r"\b((?:probe|ssl|tlskit)_[a-z_]+)\b", e))
    srv = Servers(tlskit, pki)
    ex = None
    try:
        specs = fixture_targets("healthy", srv, pki) + fixture_targets("expired", srv, pki)
        cfg = os.path.join(workdir, "exporter.yaml")
        write_config(cfg, [y for y, _ in specs] + [target_yaml("files", file=pki.p("leaf.pem"))])
        ex = Exporter(tlskit, cfg, workdir)
        served = set(ex.wait_results(["healthy", "expired", "files"]))
        missing = sorted(used - served)
        check(not missing, "the examples use metrics the exporter does not serve: %s" % missing)
        check(len(used) >= 8, "too few metrics found in the examples: %s" % sorted(used))
        check(ex.stop() == 0, "exit code after SIGTERM")
    finally:
        if ex is not None and ex.p.poll() is None:
            ex.stop()
        srv.stop()


CASES = {k: case_fixture(k) for k in (
    "healthy", "healthy_tls12", "expired", "not_yet_valid", "wrong_host", "missing_intermediate", "mtls",
    "ocsp_revoked", "closed_port", "plain_http", "silent", "garbage")}
CASES.update({
    "files": case_files,
    "probe_endpoint": case_probe_endpoint,
    "probe_no_cache": case_probe_no_cache,
    "promtool": case_promtool,
    "prometheus": case_prometheus,
    "reload": case_reload,
    "sigterm_during_probe": case_sigterm_during_probe,
    "bad_config": case_bad_config,
    "bad_http": case_bad_http,
    "examples": case_examples,
    "memory_flat": case_memory_flat,
})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tlskit")
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--rounds", type=int, default=3000, help="memory_flat: probes measured after warm-up")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if not a.tlskit:
        ap.error("--tlskit is required")
    if shutil.which("openssl") is None:
        print("SKIP: the openssl command is not installed")
        return SKIP
    names = list(CASES) if a.all else a.case
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        ap.error("unknown or no case: %s" % ", ".join(unknown))
    tlskit = os.path.abspath(a.tlskit)
    top = tempfile.mkdtemp(prefix="tlskit-exporter-")
    results = {}
    try:
        for n in names:
            workdir = os.path.join(top, n)
            os.makedirs(workdir)
            pki = Pki(os.path.join(workdir, "pki"))
            try:
                pki.build()
                if n == "memory_flat":
                    rc = case_memory_flat(tlskit, pki, workdir, a.rounds)
                else:
                    rc = CASES[n](tlskit, pki, workdir)
                results[n] = SKIP if rc == SKIP else 0
                print(("SKIP %s" if rc == SKIP else "PASS %s") % n)
            except (Fail, RuntimeError, subprocess.TimeoutExpired, OSError) as e:
                results[n] = 1
                print("FAIL %s: %s" % (n, e))
    finally:
        if a.keep:
            print("kept", top)
        else:
            shutil.rmtree(top, ignore_errors=True)
    failed = [n for n, rc in results.items() if rc == 1]
    skipped = [n for n, rc in results.items() if rc == SKIP]
    if len(names) > 1:
        print("%d passed, %d failed, %d skipped" % (len(names) - len(failed) - len(skipped), len(failed),
                                                     len(skipped)))
    if failed:
        return 1
    return SKIP if skipped and len(skipped) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
