#!/usr/bin/env python3
"""Live tests of `tlskit scan`.

Servers on 127.0.0.1 (free ports, started in the background, stopped by PID; every wait bounded):
`openssl s_server` set up old-style (TLS 1.0 with CBC and 3DES, anonymous suites at
@SECLEVEL=0), modern, TLS 1.3 only, server-ordered, FFDHE-only, with expired / self-signed /
wrong-host / incomplete chains (an HTTP server on loopback serves the missing intermediate at
the leaf's AIA caIssuers URL), nginx with HSTS, and `tlskit server`. Each case runs
`tlskit scan --json` and checks the document against what the server was configured with, and,
where it says so, compares the protocols and suites with sslscan's and testssl.sh's on the same
server. Certificates come from tests/debugger/fixtures.py's Pki (imported, not copied).

Usage:
  scan_live.py --tlskit PATH --case NAME   run one case (exit 0 pass, 1 fail, 77 skipped)
  scan_live.py --tlskit PATH --all         run every case
  scan_live.py --list                      list the cases
"""
import argparse
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "debugger"))
import fixtures  # noqa: E402  (Pki, Proc, free_port, listening_port, terminate)
from fixtures import Fail, check  # noqa: E402

SKIP = 77
SCAN_TIMEOUT = 120.0     # seconds for one tlskit scan run
SSLSCAN_TIMEOUT = 120.0
TESTSSL_TIMEOUT = 240.0




class Skip(Exception):
    pass


# --- servers -----------------------------------------------------------------------------------

def s_server(pki, *args):
    port = fixtures.free_port()
    cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www", "-ign_eof"] + list(args)
    return port, fixtures.Proc(cmd, "ACCEPT", pki.d)


class OpenStdinServer:
    """`openssl s_server` without -www (needed for -early_data), whose stdin stays open (at stdin
    EOF s_server drops its connection); ready at "ACCEPT", stopped by PID."""

    def __init__(self, pki, *args):
        import select
        self.port = fixtures.free_port()
        cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % self.port] + list(args)
        self.p = subprocess.Popen(cmd, cwd=pki.d, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        out = b""
        deadline = time.monotonic() + fixtures.READY_TIMEOUT
        while time.monotonic() < deadline and b"ACCEPT" not in out:
            r, _, _ = select.select([self.p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
        if b"ACCEPT" not in out:
            self.stop()
            raise Fail("s_server did not start: %r" % out[-300:])
        # Keep draining its output so it never blocks on a full pipe.
        threading.Thread(target=self.drain, daemon=True).start()

    def drain(self):
        try:
            while self.p.stdout.read(4096):
                pass
        except (OSError, ValueError):
            pass

    def stop(self):
        fixtures.terminate(self.p)
        self.p.stdin.close()


class AiaServer:
    """A plain HTTP server on 127.0.0.1 serving files of a directory (the AIA caIssuers URL)."""

    def __init__(self, directory):
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=directory, **k)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.RequestHandlerClass.log_message = lambda *a: None
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# nginx with HSTS and a security header (fixtures.nginx writes the rest of the configuration).
NGINX_EXTRA = ('ssl_protocols TLSv1.2 TLSv1.3; '
               'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; '
               'add_header X-Content-Type-Options nosniff always;')


def nginx_server(pki):
    """Returns (port, stopper) of nginx with NGINX_EXTRA; Skip without nginx."""
    if shutil.which("nginx") is None:
        raise Skip("nginx is not installed (scripts/install-deps.sh --test installs nginx-light)")
    try:
        return fixtures.nginx(pki, NGINX_EXTRA)
    except RuntimeError as e:
        raise Fail(str(e))


# --- running tlskit scan and the other scanners ----------------------------------------------

def scan(tlskit, pki, targets, *extra, expect_exit=None):
    cmd = [tlskit, "scan", "--json", "--CAfile", pki.p("root.pem"), "--timeout", "3000"] + list(targets) + list(extra)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=SCAN_TIMEOUT, cwd=pki.d)
    try:
        doc = json.loads(r.stdout.decode())
    except ValueError as e:
        raise Fail("stdout is not one JSON document (%s): %r\nstderr: %s" %
                   (e, r.stdout[:300], r.stderr.decode(errors="replace")[-500:]))
    check(doc.get("schema") == "tlskit.scan.report" and doc.get("schema_version") == 1, "schema %r" % doc.get("schema"))
    if expect_exit is not None:
        check(r.returncode == expect_exit, "exit code %d, expected %d (stderr %s)" %
              (r.returncode, expect_exit, r.stderr.decode(errors="replace")[-300:]))
    return doc, r


def one(doc):
    check(len(doc["targets"]) == 1, "%d targets" % len(doc["targets"]))
    t = doc["targets"][0]
    check(t["error"] is None, "target error %r" % t["error"])
    return t


def supported(t):
    return sorted(k for k, v in t["protocols"].items() if v)


def suite_names(t, proto, key="name"):
    return [s[key] for s in t["cipher_suites"].get(proto, [])]


def finding_ids(t):
    return set(f["id"] for f in t["findings"])


def sslscan(port, servername="localhost"):
    """sslscan's view: ({protocol: enabled}, {protocol: [OpenSSL suite names]})."""
    if shutil.which("sslscan") is None:
        raise Skip("sslscan is not installed (scripts/install-deps.sh --test)")
    r = subprocess.run(["sslscan", "--no-colour", "--no-heartbleed", "--no-fallback", "--no-renegotiation",
                        "--no-compression", "--no-groups", "--no-check-certificate", "--sni-name=" + servername,
                        "127.0.0.1:%d" % port],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=SSLSCAN_TIMEOUT)
    out = r.stdout.decode(errors="replace")
    protocols, suites = {}, {}
    for line in out.splitlines():
        w = line.split()
        if len(w) == 2 and w[0].startswith(("SSLv", "TLSv")):
            protocols[w[0]] = w[1] == "enabled"
        if len(w) > 4 and w[0] in ("Preferred", "Accepted"):
            suites.setdefault(w[1], []).append(w[4])
    return protocols, suites, out


SSLSCAN_PROTO = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLSv1.0": "TLSv1.0", "TLSv1.1": "TLSv1.1",
                 "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}


def compare_with_sslscan(t, port):
    """Protocols and suites must agree with sslscan (docs/scan.md explains the known differences:
    sslscan's OpenSSL cannot offer SSLv2/SSLv3, so those are compared only when sslscan says it
    tested them)."""
    protocols, suites, out = sslscan(port)
    problems = []
    for ours, theirs in SSLSCAN_PROTO.items():
        if theirs not in protocols:
            continue
        if protocols[theirs] != t["protocols"][ours]:
            problems.append("%s: tlskit %r, sslscan %r" % (ours, t["protocols"][ours], protocols[theirs]))
        if protocols[theirs]:
            # sslscan prints OpenSSL's name, or the IANA name for a suite its OpenSSL lacks (3DES).
            their = set(suites.get(theirs, []))
            mine = set(s["openssl_name"] if s["openssl_name"] in their else s["name"]
                       for s in t["cipher_suites"].get(ours, []))
            if mine != their:
                problems.append("%s suites: only tlskit %s, only sslscan %s" %
                                (ours, sorted(mine - their), sorted(their - mine)))
    check(not problems, "differences with sslscan: %s\n%s" % ("; ".join(problems), out[-1500:]))


# --- cases -------------------------------------------------------------------------------------

def case_old_style(tlskit, pki):
    """TLS 1.0 only with CBC, static RSA and anonymous DH at @SECLEVEL=0 (openssl s_server; Debian's
    OpenSSL 3.0 has no 3DES, see case old_style_3des)."""
    port, p = s_server(pki, "-cert", "rsaleaf.pem", "-key", "rsaleaf.key", "-cert_chain", "inter.pem", "-tls1",
                       "-cipher", "AES128-SHA:ADH-AES128-SHA:@SECLEVEL=0")
    try:
        doc, r = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=5)
        t = one(doc)
        check(supported(t) == ["TLSv1.0"], "protocols %r" % supported(t))
        names = set(suite_names(t, "TLSv1.0"))
        want = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA"}
        check(names == want, "TLSv1.0 suites %r" % sorted(names))
        ids = finding_ids(t)
        for f in ("tls1_0", "beast", "anonymous_suites", "no_tls1_2", "partial_forward_secrecy", "no_aead",
                  "dh_1024"):
            check(f in ids, "finding %s missing: %r" % (f, sorted(ids)))
        check(t["grade"]["letter"] == "F", "grade %r" % t["grade"]["letter"])
        check(any(c["id"] == "anonymous_suites" for c in t["grade"]["caps"]), "caps %r" % t["grade"]["caps"])
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def case_old_style_3des(tlskit, pki):
    """TLS 1.0 with 3DES (SWEET32) and AES-CBC: gnutls-serv, whose GnuTLS still has 3DES."""
    if shutil.which("gnutls-serv") is None:
        raise Skip("gnutls-serv is not installed (gnutls-bin)")
    port = fixtures.free_port()
    p = fixtures.Proc(["gnutls-serv", "--port", str(port), "--x509certfile", "rsaleaf.pem", "--x509keyfile",
                       "rsaleaf.key", "--priority",
                       "NONE:+VERS-TLS1.0:+3DES-CBC:+AES-128-CBC:+SHA1:+ECDHE-RSA:+SIGN-ALL:+COMP-NULL:+CURVE-ALL"],
                      "listening", pki.d)
    try:
        time.sleep(0.2)  # gnutls-serv prints its banner just before it listens
        doc, r = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=5)
        t = one(doc)
        check(supported(t) == ["TLSv1.0"], "protocols %r" % supported(t))
        names = set(suite_names(t, "TLSv1.0"))
        want = {"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}
        check(names == want, "TLSv1.0 suites %r" % sorted(names))
        for f in ("sweet32", "beast", "tls1_0"):
            check(f in finding_ids(t), "finding %s missing: %r" % (f, sorted(finding_ids(t))))
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def case_modern(tlskit, pki):
    port, p = s_server(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key")
    try:
        doc, r = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=0)
        t = one(doc)
        check(supported(t) == ["TLSv1.2", "TLSv1.3"], "protocols %r" % supported(t))
        check(set(suite_names(t, "TLSv1.3")) == {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                                                   "TLS_AES_128_GCM_SHA256"}, "TLS 1.3 suites %r" % suite_names(t, "TLSv1.3"))
        check(all(s["forward_secrecy"] for s in t["cipher_suites"]["TLSv1.2"]), "TLS 1.2 suites without FS")
        c = t["certificates"][0]
        check(c["trusted"] and c["hostname_ok"] and c["cause"] == "none", "certificate %r" % c)
        check(t["features"]["secure_renegotiation"] is True, "secure renegotiation %r" % t["features"])
        check(t["features"]["extended_master_secret"] is True, "EMS %r" % t["features"])
        check(t["features"]["fallback_scsv"] is True, "fallback SCSV %r" % t["features"]["fallback_scsv"])
        check(t["features"]["heartbleed"] is False and "heartbleed" not in finding_ids(t), "heartbleed %r" % t["features"])
        check(t["features"]["early_data"] is False, "0-RTT without -early_data: %r" % t["features"]["early_data"])
        # Probed, not inferred: OpenSSL 3.0 refuses the early CCS, echoes a 1-byte session ID
        # with a resumed ticket and never compresses.
        check(t["features"]["ccs_injection"] is False, "CCS injection %r" % t["features"])
        check(t["features"]["ticketbleed"] is False, "ticketbleed %r" % t["features"])
        check(t["features"]["compression"] is False, "compression %r" % t["features"])
        check(t["http"]["status"] == 200, "s_server -www answered %r" % t["http"])
        check(t["grade"]["letter"] in ("A", "A-"), "grade %r (%r)" % (t["grade"]["letter"], t["grade"]))
        check("x25519" in t["groups"], "groups %r" % t["groups"])
        check(len(t["clients"]) >= 12, "clients %r" % t["clients"])
        chrome = [c for c in t["clients"] if c["client"].startswith("Chrome")][0]
        check(chrome["connected"] and chrome["version"] == "TLSv1.3", "Chrome %r" % chrome)
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def case_tls13_only(tlskit, pki):
    p = OpenStdinServer(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key", "-tls1_3",
                        "-early_data")
    port = p.port
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=0)
        t = one(doc)
        check(supported(t) == ["TLSv1.3"], "protocols %r" % supported(t))
        check(t["features"]["early_data"] is True and "early_data" in finding_ids(t),
              "0-RTT offered by -early_data: %r" % t["features"]["early_data"])
        check(len(t["certificates"]) >= 1 and t["certificates"][0]["trusted"], "certificate from the TLS 1.3 handshake")
        old = [c for c in t["clients"] if c["client"] in ("Java 8", "Android 4.4", "curl (OpenSSL 1.0.2)")]
        check(old and not any(c["connected"] for c in old), "TLS 1.2-only clients connect: %r" % old)
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def case_server_order(tlskit, pki):
    order = ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256"]
    port, p = s_server(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key", "-tls1_2",
                       "-serverpref", "-cipher", ":".join(order))
    port2, p2 = s_server(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key", "-tls1_2",
                         "-cipher", ":".join(order))
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port, "127.0.0.1:%d" % port2], "--servername", "localhost",
                      "--parallel", "2")
        a, b = doc["targets"]
        check(a["server_order"]["TLSv1.2"] is True, "server order %r" % a["server_order"])
        check(suite_names(a, "TLSv1.2", "openssl_name") == order, "order %r" % suite_names(a, "TLSv1.2", "openssl_name"))
        check(b["server_order"]["TLSv1.2"] is False, "client order %r" % b["server_order"])
        check("no_server_order" in finding_ids(b) and "no_server_order" not in finding_ids(a), "no_server_order")
        compare_with_sslscan(a, port)
    finally:
        p.stop()
        p2.stop()


def case_ffdhe_only(tlskit, pki):
    port, p = s_server(pki, "-cert", "rsaleaf.pem", "-key", "rsaleaf.key", "-cert_chain", "inter.pem", "-tls1_2",
                       "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384")
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost")
        t = one(doc)
        check(supported(t) == ["TLSv1.2"], "protocols %r" % supported(t))
        check(set(suite_names(t, "TLSv1.2")) == {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                                                  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"}, "suites %r" % suite_names(t, "TLSv1.2"))
        check(all((s["kx_bits"] or 0) >= 2048 for s in t["cipher_suites"]["TLSv1.2"]), "DH sizes %r" % t["cipher_suites"])
        chrome = [c for c in t["clients"] if c["client"].startswith("Chrome")][0]
        check(not chrome["connected"], "Chrome (no DHE) connects: %r" % chrome)
        java = [c for c in t["clients"] if c["client"] == "Java 17"][0]
        check(java["connected"] and "DHE" in java["suite"], "Java 17 %r" % java)
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def cert_case(tlskit, pki, cert, key, want, chain=True):
    port, p = s_server(pki, "-cert", cert, "-key", key, *(["-cert_chain", "inter.pem"] if chain else []))
    try:
        doc, r = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", "--quick",
                      expect_exit=5)
        t = one(doc)
        c = t["certificates"][0]
        check(c["cause"] == want["cause"], "cause %r, expected %r (%r)" % (c["cause"], want["cause"], c))
        check(want["finding"] in finding_ids(t), "finding %s missing: %r" % (want["finding"], sorted(finding_ids(t))))
        check(t["grade"]["letter"] == want["grade"], "grade %r, expected %r" % (t["grade"]["letter"], want["grade"]))
        return t
    finally:
        p.stop()


def case_expired(tlskit, pki):
    cert_case(tlskit, pki, "expired.pem", "expired.key",
              {"cause": "certificate_expired", "finding": "certificate_expired", "grade": "T"})


def case_self_signed(tlskit, pki):
    cert_case(tlskit, pki, "selfsigned.pem", "selfsigned.key",
              {"cause": "self_signed", "finding": "certificate_self_signed", "grade": "T"}, chain=False)


def case_wrong_host(tlskit, pki):
    cert_case(tlskit, pki, "wronghost.pem", "wronghost.key",
              {"cause": "hostname_mismatch", "finding": "hostname_mismatch", "grade": "M"})


def case_incomplete_chain_aia(tlskit, pki):
    """The server sends only its leaf; the leaf's caIssuers URL points to an HTTP server on
    loopback serving the intermediate: the scan tells a forgotten intermediate (not an untrusted
    root), yet the chain as served stays untrusted."""
    aia_dir = pki.p("aia")
    os.makedirs(aia_dir)
    subprocess.run(["openssl", "x509", "-in", pki.p("inter.pem"), "-outform", "DER", "-out",
                    os.path.join(aia_dir, "inter.der")], check=True, timeout=30)
    web = AiaServer(aia_dir)
    try:
        fixtures.EXT["aia_server"] = fixtures.EXT["server"] + \
            "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:%d/inter.der\n" % web.port
        pki.issue("aialeaf", "localhost", "inter", "aia_server")
        t = cert_case(tlskit, pki, "aialeaf.pem", "aialeaf.key",
                      {"cause": "missing_intermediate", "finding": "chain_incomplete", "grade": "T"}, chain=False)
        c = t["certificates"][0]
        check(c["aia"]["completes_chain"] is True, "AIA %r" % c["aia"])
        check(c["trusted"] is False, "the chain as served must stay untrusted")
        check(c["chain_complete"] is False, "chain_complete %r" % c["chain_complete"])
        # The debugger (tlskit client) chases the same URL and says so in its evidence.
        port, p = s_server(pki, "-cert", "aialeaf.pem", "-key", "aialeaf.key")
        try:
            r = subprocess.run([tlskit, "client", "127.0.0.1:%d" % port, "--servername", "localhost", "--CAfile",
                                pki.p("root.pem"), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=60)
            d = json.loads(r.stdout.decode())["diagnosis"]
            check(d["cause"] == "missing_intermediate" and any("AIA caIssuers" in e for e in d["evidence"]),
                  "client diagnosis %r" % d)
        finally:
            p.stop()
        # A leaf under an intermediate of a root the client does not trust, served at its AIA URL:
        # the chain alone looks like a forgotten intermediate; AIA shows the root is untrusted.
        pki.issue("other_inter", "other intermediate", "other_root", "ca")
        subprocess.run(["openssl", "x509", "-in", pki.p("other_inter.pem"), "-outform", "DER", "-out",
                        os.path.join(aia_dir, "other_inter.der")], check=True, timeout=30)
        fixtures.EXT["aia_other"] = fixtures.EXT["server"] + \
            "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:%d/other_inter.der\n" % web.port
        pki.issue("otherleaf", "localhost", "other_inter", "aia_other")
        t = cert_case(tlskit, pki, "otherleaf.pem", "otherleaf.key",
                      {"cause": "untrusted_root", "finding": "certificate_not_trusted", "grade": "T"}, chain=False)
        check(t["certificates"][0]["aia"]["completes_chain"] is False, "AIA %r" % t["certificates"][0]["aia"])
        port, p = s_server(pki, "-cert", "otherleaf.pem", "-key", "otherleaf.key")
        try:
            r = subprocess.run([tlskit, "client", "127.0.0.1:%d" % port, "--servername", "localhost", "--CAfile",
                                pki.p("root.pem"), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=60)
            d = json.loads(r.stdout.decode())["diagnosis"]
            check(d["cause"] == "untrusted_root", "client diagnosis with an untrusted root behind AIA: %r" % d)
        finally:
            p.stop()
        # The same leaf whose AIA URL serves nothing: no verdict from AIA.
        fixtures.EXT["aia_none"] = fixtures.EXT["server"] + \
            "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:%d/missing.der\n" % web.port
        pki.issue("aialeaf2", "localhost", "inter", "aia_none")
        port, p = s_server(pki, "-cert", "aialeaf2.pem", "-key", "aialeaf2.key")
        try:
            doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", "--quick")
            c2 = one(doc)["certificates"][0]
            check(c2["aia"]["completes_chain"] is None and "404" in c2["aia"]["result"], "AIA 404 %r" % c2["aia"])
        finally:
            p.stop()
    finally:
        web.stop()


def case_nginx_hsts(tlskit, pki):
    port, stop = nginx_server(pki)
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=0)
        t = one(doc)
        h = t["http"]
        check(h["status"] == 200 and h["hsts"] and h["hsts"]["max_age"] == 31536000 and h["hsts"]["include_subdomains"],
              "http %r" % h)
        check("x-content-type-options" in h["security_headers"], "headers %r" % h["security_headers"])
        check(t["grade"]["letter"] == "A+", "grade %r %r" % (t["grade"]["letter"], t["grade"]))
        check(t["features"]["alpn"]["http/1.1"] is True, "ALPN %r" % t["features"]["alpn"])
        compare_with_sslscan(t, port)
    finally:
        stop()


def case_tlskit_server(tlskit, pki):
    p = fixtures.Proc([tlskit, "server", "--port", "0", "--quiet", "--cert", "leaf_chain.pem", "--key", "leaf.key"],
                      "listening on", pki.d)
    try:
        port = fixtures.listening_port(p)
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", expect_exit=0)
        t = one(doc)
        check(supported(t) == ["TLSv1.2", "TLSv1.3"], "protocols %r" % supported(t))
        check(t["features"]["x25519mlkem768"] is True, "X25519MLKEM768 %r" % t["features"])
        check("X25519MLKEM768" in t["groups"], "groups %r" % t["groups"])
        # tlskit issues two TLS 1.3 tickets per handshake (docs/resumption.md).
        check(t["features"]["tls13_tickets"] == 2, "TLS 1.3 tickets %r" % t["features"]["tls13_tickets"])
        check(t["features"]["ccs_injection"] is False, "CCS injection %r" % t["features"])
        check(t["features"]["ticketbleed"] is False, "ticketbleed %r" % t["features"])
        compare_with_sslscan(t, port)
    finally:
        p.stop()


def case_broken_target_and_html(tlskit, pki):
    """A closed port next to a working server: the broken one gets an error with the debugger's
    cause, the other is scanned; --html writes a page; exit 5."""
    dead = fixtures.free_port()
    port, p = s_server(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key")
    try:
        with open(pki.p("targets.txt"), "w") as f:
            f.write("# two targets\n127.0.0.1:%d\n\n127.0.0.1:%d\n" % (dead, port))
        doc, r = scan(tlskit, pki, [], "--targets", pki.p("targets.txt"), "--servername", "localhost", "--quick",
                      "--parallel", "2", "--html", pki.p("report.html"), expect_exit=5)
        a, b = doc["targets"]
        check(a["error"] is not None and a["error"]["cause"] == "connection_refused", "error %r" % a["error"])
        check(b["error"] is None and b["protocols"]["TLSv1.3"], "second target %r" % b.get("error"))
        html = open(pki.p("report.html")).read()
        check("<!DOCTYPE html>" in html and "connection_refused" in html and "<script" not in html, "html")
        check(r.stderr.decode().strip() == "", "stderr not empty without a terminal: %r" % r.stderr[:200])
    finally:
        p.stop()
    # Bad input: exit 2 and a message.
    for args in (["--targets", "/nonexistent"], ["https://x/"], ["--parallel", "0", "a"]):
        r = subprocess.run([tlskit, "scan"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
        check(r.returncode == 2 and b"tlskit scan" in r.stderr, "%r: exit %d %r" % (args, r.returncode, r.stderr))


def case_testssl_compare(tlskit, pki):
    """testssl.sh (slow: protocols and per-protocol ciphers only, one fixture) must list the same
    protocols and suites as tlskit scan on the old-style server."""
    exe = shutil.which("testssl.sh") or shutil.which("testssl")
    if exe is None:
        raise Skip("testssl.sh is not installed (scripts/install-deps.sh --test)")
    port, p = s_server(pki, "-cert", "rsaleaf.pem", "-key", "rsaleaf.key", "-cert_chain", "inter.pem", "-tls1_2",
                       "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0")
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--servername", "localhost", "--quick")
        t = one(doc)
        out = pki.p("testssl.json")
        subprocess.run([exe, "--quiet", "--color", "0", "--warnings", "off", "-p", "-E", "--jsonfile", out,
                        "127.0.0.1:%d" % port], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=TESTSSL_TIMEOUT, cwd=pki.d)
        items = json.load(open(out))
        offered = {}
        suites = set()
        for it in items:
            m = re.match(r"^(SSLv2|SSLv3|TLS1|TLS1_1|TLS1_2|TLS1_3)$", it["id"])
            if m:
                offered[m.group(1)] = it["finding"].startswith("offered") and "not" not in it["finding"]
            m = re.match(r"^cipher-tls1_2_x([0-9a-f]+)$", it["id"])  # "cipher-tls1_2_xc02f"
            if m:
                suites.add(int(m.group(1), 16))
        names = {"TLS1_2": "TLSv1.2", "TLS1_3": "TLSv1.3", "TLS1_1": "TLSv1.1", "TLS1": "TLSv1.0", "SSLv3": "SSLv3"}
        problems = []
        for k, v in offered.items():
            if k in names and v != t["protocols"][names[k]]:
                problems.append("%s: tlskit %r, testssl.sh %r" % (k, t["protocols"][names[k]], v))
        mine = set(int(x, 16) for x in suite_names(t, "TLSv1.2", "id"))
        if mine != suites:
            problems.append("TLS 1.2 suites: only tlskit %s, only testssl.sh %s" %
                            (sorted(map(hex, mine - suites)), sorted(map(hex, suites - mine))))
        check(offered, "testssl.sh wrote no protocol findings")
        check(not problems, "differences with testssl.sh: %s" % "; ".join(problems))
    finally:
        p.stop()


class SmtpStartTls:
    """A plain-text SMTP front (220 greeting, EHLO with STARTTLS, 220 go ahead) on 127.0.0.1 that
    relays each connection, after STARTTLS, to a TLS server on `backend`: the TLS peer is real."""

    def __init__(self, backend):
        self.backend = backend
        self.sock, self.port = fixtures.loopback_listener()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopping.is_set():
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self.one, args=(c,), daemon=True).start()

    def one(self, c):
        import socket
        try:
            c.settimeout(10)
            f = c.makefile("rb")
            c.sendall(b"220 fixture ESMTP\r\n")
            for _ in range(10):
                line = f.readline(1024)
                if not line:
                    return
                if line.upper().startswith(b"EHLO"):
                    c.sendall(b"250-fixture\r\n250 STARTTLS\r\n")
                elif line.upper().startswith(b"STARTTLS"):
                    c.sendall(b"220 go ahead\r\n")
                    up = socket.create_connection(("127.0.0.1", self.backend), timeout=5)
                    try:
                        fixtures.relay_both_ways(c, up, self.stopping, seconds=30)
                    finally:
                        up.close()
                    return
                else:
                    c.sendall(b"502 no\r\n")
        except OSError:
            pass
        finally:
            c.close()

    def stop(self):
        self.stopping.set()
        self.sock.close()
        self.thread.join(timeout=5)


def case_starttls_smtp(tlskit, pki):
    """--starttls smtp for scan and client through an SMTP front relaying to openssl s_server."""
    port, p = s_server(pki, "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key")
    front = SmtpStartTls(port)
    try:
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % front.port], "--servername", "localhost", "--starttls", "smtp",
                      "--no-clients", expect_exit=0)
        t = one(doc)
        check(t["starttls"] == "smtp", "starttls %r" % t["starttls"])
        check(supported(t) == ["TLSv1.2", "TLSv1.3"], "protocols %r" % supported(t))
        check(t["certificates"][0]["trusted"], "certificate %r" % t["certificates"][0]["cause"])
        check(not t["http"]["requested"], "an HTTP request over SMTP")
        r = subprocess.run([tlskit, "client", "127.0.0.1:%d" % front.port, "--starttls", "smtp", "--servername",
                            "localhost", "--CAfile", pki.p("root.pem"), "--json"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60)
        c = json.loads(r.stdout.decode())
        check(r.returncode == 0 and c["diagnosis"]["cause"] == "none", "client --starttls smtp: %d %r" %
              (r.returncode, c["diagnosis"]))
        # Against a server that is not SMTP: a clear refusal, per target.
        doc, _ = scan(tlskit, pki, ["127.0.0.1:%d" % port], "--starttls", "smtp", "--quick")
        t = doc["targets"][0]
        check(t["error"] is not None, "STARTTLS smtp against a TLS port scanned: %r" % t["protocols"])
    finally:
        front.stop()
        p.stop()


CASES = {
    "old_style": case_old_style,
    "old_style_3des": case_old_style_3des,
    "modern": case_modern,
    "tls13_only": case_tls13_only,
    "server_order": case_server_order,
    "ffdhe_only": case_ffdhe_only,
    "expired": case_expired,
    "self_signed": case_self_signed,
    "wrong_host": case_wrong_host,
    "incomplete_chain_aia": case_incomplete_chain_aia,
    "nginx_hsts": case_nginx_hsts,
    "tlskit_server": case_tlskit_server,
    "broken_target_and_html": case_broken_target_and_html,
    "testssl_compare": case_testssl_compare,
    "starttls_smtp": case_starttls_smtp,
}


def run_case(name, tlskit, workdir):
    pki = fixtures.Pki(os.path.join(workdir, name))
    pki.build()
    t0 = time.monotonic()
    try:
        CASES[name](tlskit, pki)
    except Skip as e:
        print("SKIP %s: %s" % (name, e))
        return SKIP
    except Fail as e:
        print("FAIL %s: %s" % (name, e))
        return 1
    print("PASS %s (%.1f s)" % (name, time.monotonic() - t0))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tlskit")
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    names = list(CASES) if a.all else a.case
    if not a.tlskit or not names:
        ap.error("--tlskit and --case (or --all) are required")
    rc = 0
    with tempfile.TemporaryDirectory(prefix="tlskit-scan-") as d:
        for n in names:
            if n not in CASES:
                print("unknown case %s" % n)
                return 2
            r = run_case(n, os.path.abspath(a.tlskit), d)
            if r == 1 or (r == SKIP and rc == 0 and len(names) == 1):
                rc = r
    return rc


if __name__ == "__main__":
    sys.exit(main())
