#!/usr/bin/env python3
"""The handshake debugger's fixture suite.

Builds broken (and healthy) TLS servers on 127.0.0.1 -- `openssl s_server`, `tlskit server`, and
small fake servers written here (plain HTTP, silent, reset, raw alert) -- runs
`tlskit client --json` against each, and checks the diagnosis cause, the step and the exit code.

Certificates are generated at test time with the `openssl` command in a temporary directory.
Every server listens on a free port of 127.0.0.1 (picked by binding port 0), is started in the
background, waited for until it listens (bounded), and stopped by its PID. Every wait is bounded.

Usage:
  fixtures.py --tlskit PATH --case NAME   run one case (exit 0 pass, 1 fail, 77 skipped)
  fixtures.py --tlskit PATH --all         run every case
  fixtures.py --list                      list the cases
A case marked `xfail` (a feature not implemented yet) is reported as skipped with its reason
while it fails, and passes normally once the feature lands.
"""
import argparse
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
READY_TIMEOUT = 10.0      # seconds to wait for a server to listen
CLIENT_TIMEOUT = 60.0     # seconds for one tlskit client run (probes included)
STOP_TIMEOUT = 5.0        # seconds for a server to exit after SIGTERM


# --- certificates ------------------------------------------------------------------------------

CA_CNF = """
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}/newcerts
serial = {dir}/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
"""

EXT = {
    "ca": "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
          "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    "server": "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName={san}\n"
              "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    "client": "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    "wrong_eku": "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n"
                 "extendedKeyUsage=clientAuth\nsubjectAltName={san}\n"
                 "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
}


def run(cmd, cwd=None, timeout=60, input=None):
    """Runs a short command; returns its stdout, raises Fail with its stderr when it fails."""
    r = subprocess.run(cmd, cwd=cwd, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    if r.returncode != 0:
        raise Fail("command failed (%d): %s\n%s" % (r.returncode, " ".join(cmd),
                                                    r.stderr.decode(errors="replace")))
    return r.stdout.decode(errors="replace")


class Pki:
    """A small PKI in a directory: root -> intermediate -> leaves, plus odd certificates."""

    def __init__(self, d):
        self.d = d
        os.makedirs(os.path.join(d, "newcerts"))
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "serial"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write(CA_CNF.format(dir=d))

    def p(self, name):
        return os.path.join(self.d, name)

    def key(self, name, rsa=False):
        if rsa:
            run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                 "-out", self.p(name + ".key")], self.d)
            return
        run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", self.p(name + ".key")], self.d)

    def root(self, name, cn):
        self.key(name)
        with open(self.p(name + ".ext"), "w") as f:
            f.write(EXT["ca"])
        run(["openssl", "req", "-new", "-x509", "-key", self.p(name + ".key"), "-subj", "/CN=" + cn,
             "-days", "3650", "-sha256", "-extensions", "v3", "-config", self.req_cnf(name),
             "-out", self.p(name + ".pem")], self.d)

    def req_cnf(self, name):
        path = self.p(name + ".req.cnf")
        with open(path, "w") as f:
            f.write("[req]\ndistinguished_name=dn\n[dn]\n[v3]\n" + EXT["ca"])
        return path

    def issue(self, name, cn, issuer, kind, san="DNS:localhost,IP:127.0.0.1",
              start=None, end=None, days=365, rsa=False):
        """Issues name.pem (and name.key) signed by issuer; start/end as YYYYMMDDHHMMSSZ."""
        self.key(name, rsa)
        run(["openssl", "req", "-new", "-key", self.p(name + ".key"), "-subj", "/CN=" + cn,
             "-out", self.p(name + ".csr")], self.d)
        with open(self.p(name + ".ext"), "w") as f:
            f.write("[v3]\n" + EXT[kind].format(san=san))
        cmd = ["openssl", "ca", "-batch", "-notext", "-config", self.p("ca.cnf"),
               "-cert", self.p(issuer + ".pem"), "-keyfile", self.p(issuer + ".key"),
               "-in", self.p(name + ".csr"), "-out", self.p(name + ".pem"),
               "-extfile", self.p(name + ".ext"), "-extensions", "v3"]
        if start:
            cmd += ["-startdate", start]
        if end:
            cmd += ["-enddate", end]
        if not start and not end:
            cmd += ["-days", str(days)]
        run(cmd, self.d)

    def self_signed(self, name, cn):
        self.key(name)
        with open(self.p(name + ".ss.cnf"), "w") as f:
            f.write("[req]\ndistinguished_name=dn\n[dn]\n[v3]\n" +
                    EXT["server"].format(san="DNS:localhost,IP:127.0.0.1")
                    .replace("authorityKeyIdentifier=keyid\n", ""))
        run(["openssl", "req", "-new", "-x509", "-key", self.p(name + ".key"), "-subj", "/CN=" + cn,
             "-days", "365", "-sha256", "-extensions", "v3", "-config", self.p(name + ".ss.cnf"),
             "-out", self.p(name + ".pem")], self.d)

    def ocsp(self, name):
        """Writes name.ocsp.der: an OCSP response for name.pem signed by the intermediate."""
        run(["openssl", "ocsp", "-index", self.p("index.txt"), "-rsigner", self.p("inter.pem"),
             "-rkey", self.p("inter.key"), "-CA", self.p("inter.pem"), "-issuer", self.p("inter.pem"),
             "-cert", self.p(name + ".pem"), "-respout", self.p(name + ".ocsp.der"), "-ndays", "2"],
            self.d)

    def chain(self, name, *parts):
        with open(self.p(name), "w") as out:
            for part in parts:
                with open(self.p(part)) as f:
                    out.write(f.read())

    def build(self):
        self.root("root", "tlskit fixture root")
        self.root("other_root", "some other root")
        self.issue("inter", "tlskit fixture intermediate", "root", "ca")
        # `openssl ca` used the CA extension for inter; it is a CA certificate.
        self.issue("leaf", "localhost", "inter", "server")
        self.chain("leaf_chain.pem", "leaf.pem", "inter.pem")
        self.chain("inter_root.pem", "inter.pem", "root.pem")
        self.issue("expired", "expired.localhost", "inter", "server",
                   start="20200101000000Z", end="20210101000000Z")
        self.chain("expired_chain.pem", "expired.pem", "inter.pem")
        self.issue("future", "future.localhost", "inter", "server",
                   start="20991231000000Z", end="21001231000000Z")
        self.chain("future_chain.pem", "future.pem", "inter.pem")
        self.issue("wronghost", "wrong.example", "inter", "server",
                   san="DNS:wrong.example,DNS:www.wrong.example")
        self.chain("wronghost_chain.pem", "wronghost.pem", "inter.pem")
        # A server certificate whose EKU allows only client authentication.
        self.issue("clientonly", "localhost", "inter", "wrong_eku")
        self.chain("clientonly_chain.pem", "clientonly.pem", "inter.pem")
        self.issue("revoked", "localhost", "inter", "server")
        run(["openssl", "ca", "-batch", "-config", self.p("ca.cnf"), "-cert", self.p("inter.pem"),
             "-keyfile", self.p("inter.key"), "-revoke", self.p("revoked.pem"),
             "-crl_reason", "keyCompromise"], self.d)
        self.ocsp("leaf")
        self.ocsp("revoked")
        self.self_signed("selfsigned", "localhost")
        # An RSA server key, for DHE-RSA and RSA key transport suites (crafted probe cases).
        self.issue("rsaleaf", "localhost", "inter", "server", rsa=True)
        self.issue("client", "tlskit fixture client", "inter", "client")
        self.chain("client_chain.pem", "client.pem", "inter.pem")


# --- servers -----------------------------------------------------------------------------------

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Proc:
    """A background server process, ready once a line containing `ready` appears on stdout."""

    def __init__(self, cmd, ready, cwd):
        self.cmd = cmd
        self.p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.output = b""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    break
                self.output += chunk
                if ready.encode() in self.output:
                    return
            if self.p.poll() is not None:
                break
        self.stop()
        raise RuntimeError("server did not get ready: %s\n%s" %
                           (" ".join(cmd), self.output.decode(errors="replace")))

    def stop(self):
        terminate(self.p)
        self.p.stdout.close()


class Fail(RuntimeError):
    """A live test's failed check (the suites print it and exit non-zero). A RuntimeError, as
    the debugger suite's runner catches those."""


def check(cond, what):
    """Raises Fail(what) unless cond holds."""
    if not cond:
        raise Fail(what)


def terminate(p, group=False, timeout=STOP_TIMEOUT):
    """Stops process p by its PID (or its process group's, -PID, when group: a process started
    in a session of its own, such as Chromium): SIGTERM, a wait of at most timeout seconds, then
    SIGKILL. Returns False when it had to be killed."""
    def send(sig):
        try:
            if group:
                os.killpg(p.pid, sig)
            else:
                os.kill(p.pid, sig)
        except ProcessLookupError:
            pass
    if p.poll() is not None:
        if group:
            send(signal.SIGKILL)  # children of a group leader that has exited
        return True
    send(signal.SIGTERM)
    try:
        p.wait(timeout=timeout)
        if group:
            send(signal.SIGKILL)
        return True
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        p.wait(timeout=timeout)
        return False


def listening_port(proc):
    """The port a `tlskit server --port 0` said it listens on."""
    return int(proc.output.decode().split("listening on 127.0.0.1:")[1].split()[0])


def loopback_listener():
    """A listening socket on a free port of 127.0.0.1 (accept times out every 0.2 s) and its port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    return sock, sock.getsockname()[1]


def relay_both_ways(a, b, stopping, seconds=CLIENT_TIMEOUT):
    """Copies bytes between sockets a and b until either closes, stopping is set or the time is up."""
    end = time.monotonic() + seconds
    while not stopping.is_set() and time.monotonic() < end:
        r, _, _ = select.select([a, b], [], [], 0.2)
        for src in r:
            data = src.recv(65536)
            if not data:
                return
            (b if src is a else a).sendall(data)


class LoopbackServer:
    """A TCP server on a free port of 127.0.0.1 whose accept loop runs in a thread for at most
    CLIENT_TIMEOUT; subclasses set their fields, then call this __init__, and handle each
    accepted connection in handle(c). Connections put in self.held are closed at the end."""

    def __init__(self):
        self.sock, self.port = loopback_listener()
        self.stopping = threading.Event()
        self.held = []
        self.workers = []
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        deadline = time.monotonic() + CLIENT_TIMEOUT
        while not self.stopping.is_set() and time.monotonic() < deadline:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            self.handle(c)
        for c in self.held:
            c.close()

    def spawn(self, fn, *args):
        """Runs fn(*args) in a worker thread that stop() joins."""
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self.workers.append(t)

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=STOP_TIMEOUT)
        for t in self.workers:
            t.join(timeout=STOP_TIMEOUT)
        self.sock.close()


class FakeServer(LoopbackServer):
    """A non-TLS or misbehaving server in a thread: http, silent, reset or alert."""

    def __init__(self, kind):
        self.kind = kind
        super().__init__()

    def handle(self, c):
        c.settimeout(2.0)
        try:
            if self.kind == "silent":
                self.held.append(c)  # accept, never answer
                return
            try:
                c.recv(4096)
            except socket.timeout:
                pass
            if self.kind == "http":
                c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                          b"Content-Length: 11\r\nConnection: close\r\n\r\nBad Request")
                c.close()
            elif self.kind == "reset":
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                c.close()
            elif self.kind == "alert":
                # A fatal internal_error alert record in answer to the ClientHello.
                c.sendall(bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 80]))
                time.sleep(0.1)
                c.close()
        except OSError:
            c.close()


class Middlebox(LoopbackServer):
    """A TCP relay in front of a real server that, like some firewalls and load balancers,
    cannot take a ClientHello record over `limit` bytes: it resets (or, with hold=True, silently
    holds) such connections and relays every other one both ways."""

    def __init__(self, limit, upstream_port, hold=False):
        self.limit = limit
        self.upstream_port = upstream_port
        self.hold = hold
        super().__init__()

    def read_first_record(self, c):
        """The first TLS record (header + body), read in full; b"" if it never completes."""
        data = b""
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            need = 5 if len(data) < 5 else 5 + int.from_bytes(data[3:5], "big")
            if len(data) >= need:
                return data
            try:
                chunk = c.recv(need - len(data))
            except socket.timeout:
                continue
            if not chunk:
                return b""
            data += chunk
        return b""

    def relay(self, c, first):
        up = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        try:
            up.sendall(first)
            relay_both_ways(c, up, self.stopping)
        except OSError:
            pass
        finally:
            up.close()
            c.close()

    def handle(self, c):
        c.settimeout(1.0)
        first = self.read_first_record(c)
        if len(first) - 5 > self.limit:
            if self.hold:
                self.held.append(c)
            else:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                c.close()
            return
        if not first:
            c.close()
            return
        self.spawn(self.relay, c, first)


class ConnectProxy(LoopbackServer):
    """A tiny HTTP CONNECT proxy on 127.0.0.1 in threads: answers each CONNECT with `status`
    (a 200 opens a tunnel to the requested loopback port); bounded: the request header at most
    8 KiB, each read 2 s, the whole run CLIENT_TIMEOUT. Records the request lines it saw."""

    def __init__(self, status="HTTP/1.1 200 Connection established"):
        self.status = status
        self.requests = []
        super().__init__()

    def handle(self, c):
        self.spawn(self.serve, c)

    def serve(self, c):
        up = None
        try:
            c.settimeout(2.0)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 8192:
                chunk = c.recv(1)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n")[0].decode(errors="replace")
            self.requests.append(line)
            parts = line.split()
            if not self.status.split()[1].startswith("2") or len(parts) != 3 or parts[0] != "CONNECT":
                c.sendall(self.status.encode() + b"\r\nContent-Length: 0\r\n\r\n")
                return
            host, _, port = parts[1].rpartition(":")
            if host not in ("127.0.0.1", "localhost"):
                c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            up = socket.create_connection(("127.0.0.1", int(port)), timeout=2.0)
            c.sendall(self.status.encode() + b"\r\n\r\n")
            relay_both_ways(c, up, self.stopping)
        except OSError:
            pass
        finally:
            c.close()
            if up is not None:
                up.close()


# --- cases -------------------------------------------------------------------------------------

def s_server(*args):
    return ("openssl", list(args))


def tlskit_server(*args):
    return ("tlskit", list(args))


def fake(kind):
    return ("fake", kind)


def middlebox(limit, upstream, hold=False):
    """A relay that drops ClientHello records over limit bytes, in front of upstream."""
    return ("middlebox", (limit, upstream, hold))



# Each case: server, extra client args, expected cause, expected step (None: not checked; a
# tuple: any of these), expected exit code, optional xfail reason.
CASES = {
    "healthy_tls13_openssl": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="none", step=None, exit=0),
    "healthy_tls13_keylog": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--keylogfile", "keys.log"], cause="none", step=None, exit=0,
        keylog=("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0")),
    "healthy_tls13_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--tls1_3"),
        client=[], cause="none", step=None, exit=0),
    "healthy_tls12_openssl": dict(
        server=s_server("-tls1_2", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--tls1_2"], cause="none", step=None, exit=0),
    "healthy_tls12_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--tls1_2"),
        client=["--tls1_2"], cause="none", step=None, exit=0),
    "healthy_mtls_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key",
                             "--require-client-cert", "--client-ca", "root.pem"),
        client=["--cert", "client_chain.pem", "--key", "client.key"], cause="none", step=None, exit=0),
    "hello_retry_request": dict(
        server=s_server("-tls1_3", "-groups", "P-256", "-cert", "leaf.pem", "-key", "leaf.key",
                        "-cert_chain", "inter.pem"),
        client=[], cause="none", step=None, exit=0,
        expect={("handshake", "hello_retry_request"): True, ("timing", "round_trips"): 2,
                ("handshake", "group"): "secp256r1"}),
    "protocol_version_mismatch": dict(
        server=s_server("-tls1_2", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--tls1_3"], cause="protocol_version_mismatch", step="server_hello", exit=3),
    "protocol_version_mismatch_tls12_client": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--tls1_2"], cause="protocol_version_mismatch", step="server_hello", exit=3),
    "no_common_cipher": dict(
        server=s_server("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384",
                        "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--tls1_3", "--ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"],
        cause="no_common_cipher", step="server_hello", exit=3),
    "no_common_cipher_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--tls1_3",
                             "--ciphersuites", "TLS_AES_256_GCM_SHA384"),
        client=["--tls1_3", "--ciphersuites", "TLS_AES_128_GCM_SHA256"],
        cause="no_common_cipher", step="server_hello", exit=3),
    "no_common_group": dict(
        server=s_server("-tls1_3", "-groups", "P-384", "-cert", "leaf.pem", "-key", "leaf.key",
                        "-cert_chain", "inter.pem"),
        client=["--tls1_3", "--groups", "X25519"], cause="no_common_group", step="server_hello", exit=3),
    "certificate_expired": dict(
        server=s_server("-tls1_3", "-cert", "expired.pem", "-key", "expired.key", "-cert_chain", "inter.pem"),
        client=[], cause="certificate_expired", step="certificate_validation", exit=4),
    "certificate_not_yet_valid": dict(
        server=tlskit_server("--cert", "future_chain.pem", "--key", "future.key"),
        client=[], cause="certificate_not_yet_valid", step="certificate_validation", exit=4),
    "hostname_mismatch": dict(
        server=s_server("-tls1_3", "-cert", "wronghost.pem", "-key", "wronghost.key", "-cert_chain", "inter.pem"),
        client=[], cause="hostname_mismatch", step="certificate_validation", exit=4),
    "missing_intermediate": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key"),
        client=[], cause="missing_intermediate", step="certificate_validation", exit=4),
    "untrusted_root": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["--CAfile", "other_root.pem"], cause="untrusted_root", step="certificate_validation", exit=4),
    "untrusted_root_sent": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter_root.pem"),
        client=["--CAfile", "other_root.pem"], cause="untrusted_root", step="certificate_validation", exit=4),
    "ocsp_stapled_good": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem",
                        "-status_file", "leaf.ocsp.der"),
        client=["--status"], cause="none", step=None, exit=0,
        expect={("handshake", "ocsp", "cert_status"): "good"}),
    "revoked": dict(
        server=s_server("-tls1_3", "-cert", "revoked.pem", "-key", "revoked.key", "-cert_chain", "inter.pem",
                        "-status_file", "revoked.ocsp.der"),
        client=["--status"], cause="revoked", step="certificate_validation", exit=4),
    "self_signed": dict(
        server=s_server("-tls1_3", "-cert", "selfsigned.pem", "-key", "selfsigned.key"),
        client=[], cause="self_signed", step="certificate_validation", exit=4),
    "wrong_purpose": dict(
        server=tlskit_server("--cert", "clientonly_chain.pem", "--key", "clientonly.key"),
        client=[], cause="wrong_purpose", step="certificate_validation", exit=4),
    "client_certificate_required_openssl": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem",
                        "-Verify", "2", "-CAfile", "root.pem"),
        client=[], cause="client_certificate_required", step=None, exit=3),
    "client_certificate_required_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key",
                             "--require-client-cert", "--client-ca", "root.pem"),
        client=[], cause="client_certificate_required", step=None, exit=3),
    "client_certificate_rejected": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key",
                             "--require-client-cert", "--client-ca", "other_root.pem"),
        client=["--cert", "client_chain.pem", "--key", "client.key"],
        cause="client_certificate_rejected", step=None, exit=3),
    "no_common_alpn": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--alpn", "h2"),
        client=["--alpn", "http/1.1"], cause="no_common_alpn", step=None, exit=3),
    "s_client_runbook": dict(
        server=s_server("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        # -early_data is taken (leaf.pem as the data); TLS 1.2 has no 0-RTT, so none is sent.
        client=["-showcerts", "-tls1_2", "-reconnect", "-early_data", "leaf.pem"], mode="s_client",
        cause="none", step=None, exit=0,
        expect={("reconnects", 0, "resumed"): True, ("reconnects", 4, "resumed"): True,
                ("handshake", "version"): "TLSv1.2"}),
    # nginx with ssl_verify_client on finishes the handshake without a client certificate and
    # refuses the request: 400 "No required SSL certificate was sent" (--http-get reads it).
    "client_certificate_required_nginx": dict(
        server=("nginx", "ssl_verify_client on; ssl_client_certificate {d}/root.pem; ssl_verify_depth 3;"),
        client=["--http-get", "/"], cause="client_certificate_required", step=None, exit=3,
        explain=("No required SSL certificate was sent",),
        expect={("http", "status"): 400, ("handshake", "client_certificate", "requested"): True}),
    "client_certificate_accepted_nginx": dict(
        server=("nginx", "ssl_verify_client on; ssl_client_certificate {d}/root.pem; ssl_verify_depth 3;"),
        client=["--http-get", "/", "--cert", "client_chain.pem", "--key", "client.key"],
        cause="none", step=None, exit=0, expect={("http", "status"): 200}),
    "peer_alert": dict(
        server=fake("alert"), client=[], cause="peer_alert", step="server_hello", exit=3),
    "not_tls": dict(
        server=fake("http"), client=[], cause="not_tls", step=None, exit=3),
    "connection_refused": dict(
        server=None, client=[], cause="connection_refused", step="connect", exit=1),
    "timeout": dict(
        server=fake("silent"), client=["--timeout", "700"], cause="timeout", step="server_hello", exit=1),
    "connection_reset": dict(
        server=fake("reset"), client=[], cause="connection_reset", step="server_hello", exit=1),
    # The default ClientHello carries an X25519MLKEM768 share (about 1,500 bytes in all); a relay
    # that resets, or silently drops, hellos over 1,200 bytes: the inspector retries once without
    # the share, names the cause and the way around it.
    "large_client_hello_reset": dict(
        server=middlebox(1200, s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                                        "-cert_chain", "inter.pem")),
        client=[], cause="large_client_hello_dropped", step=None, exit=1,
        expect={("probes", 0, "id"): "without_post_quantum", ("probes", 0, "accepted"): True}),
    "large_client_hello_silently_dropped": dict(
        server=middlebox(1200, s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                                        "-cert_chain", "inter.pem"), hold=True),
        client=["--timeout", "1500"], cause="large_client_hello_dropped", step=None, exit=1),
    # The same relay with --groups X25519 (the fix the diagnosis gives): a healthy handshake.
    "large_client_hello_fix": dict(
        server=middlebox(1200, s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                                        "-cert_chain", "inter.pem")),
        client=["--groups", "X25519:P-256:P-384"], cause="none", step=None, exit=0),
    # Our defaults against OpenSSL 3.0 (no post-quantum): X25519 from our second key share,
    # no HelloRetryRequest.
    "post_quantum_default_falls_back_without_hrr": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="none", step=None, exit=0,
        expect={("handshake", "hello_retry_request"): False, ("handshake", "group"): "x25519",
                ("timing", "round_trips"): 1}),
    # Servers tlskit cannot talk to: its own probes find nothing, the probe engine's crafted
    # hellos (docs/probe-engine.md) name what the server wants. `explain`: substrings the
    # diagnosis explanation must contain.
    "crafted_dhe_only": dict(
        server=s_server("-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-cert", "rsaleaf.pem",
                        "-key", "rsaleaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="no_common_cipher", step="server_hello", exit=3,
        explain=("only accepts TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "finite-field DHE suite",
                 "2048-bit prime")),
    "crafted_cbc_only": dict(
        server=s_server("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA", "-cert", "leaf.pem",
                        "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="no_common_cipher", step="server_hello", exit=3,
        explain=("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "a CBC suite")),
    "crafted_ffdhe_only_tls13": dict(
        server=s_server("-tls1_3", "-groups", "ffdhe2048", "-cert", "leaf.pem", "-key", "leaf.key",
                        "-cert_chain", "inter.pem"),
        client=[], cause="no_common_group", step="server_hello", exit=3,
        explain=("only accepts ffdhe2048", "RFC 7919")),
    # TLS 1.2 with only ffdhe2048: no curve for ECDHE, so OpenSSL falls back to its DHE (and RSA
    # key transport) suites; tlskit offers neither.
    "crafted_ffdhe_only_tls12": dict(
        server=s_server("-tls1_2", "-groups", "ffdhe2048", "-cert", "rsaleaf.pem", "-key",
                        "rsaleaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="no_common_cipher", step="server_hello", exit=3,
        explain=("TLS_DHE_RSA_WITH_", "finite-field DHE suite")),
    "crafted_tls1_0_only": dict(
        server=s_server("-tls1", "-cipher", "DEFAULT:@SECLEVEL=0", "-cert", "leaf.pem", "-key",
                        "leaf.key", "-cert_chain", "inter.pem"),
        client=[], cause="protocol_version_mismatch", step="server_hello", exit=3,
        explain=("speaks only TLSv1 ", "RFC 8996")),
    # tlskit against tlskit with defaults: the hybrid.
    "post_quantum_tlskit": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key"),
        client=[], cause="none", step=None, exit=0,
        expect={("handshake", "hello_retry_request"): False, ("handshake", "group"): "X25519MLKEM768",
                ("handshake", "server_temp_key"): "X25519MLKEM768"}),
    # A server that takes only the hybrid, a client that sends only an X25519 share first: HRR.
    "post_quantum_hello_retry": dict(
        server=tlskit_server("--cert", "leaf_chain.pem", "--key", "leaf.key", "--groups", "X25519MLKEM768"),
        client=["--groups", "X25519:X25519MLKEM768"], cause="none", step=None, exit=0,
        expect={("handshake", "hello_retry_request"): True, ("handshake", "group"): "X25519MLKEM768"}),
    # --- s_client habits (issue 14) ---
    # The fixture chain is leaf <- inter <- root: one intermediate CA.
    "s_client_verify_depth_0": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-verify_depth", "0"], mode="s_client", cause="certificate_invalid",
        step="certificate_validation", exit=4, expect={("error", "verify_code"): 22}),
    "s_client_verify_depth_1": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-verify_depth", "1"], mode="s_client", cause="none", step=None, exit=0),
    "s_client_attime_past": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-attime", "1577836800"], mode="s_client", cause="certificate_not_yet_valid",
        step="certificate_validation", exit=4),
    "s_client_attime_future": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-attime", "4102444800"], mode="s_client", cause="certificate_expired",
        step="certificate_validation", exit=4),
    "s_client_x509_strict": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-x509_strict"], mode="s_client", cause="none", step=None, exit=0,
        note="--x509-strict"),
    # The server's RSA key signs with rsa_pss_rsae_sha256 unless the client allows only SHA-384.
    "s_client_sigalgs": dict(
        server=s_server("-tls1_3", "-cert", "rsaleaf.pem", "-key", "rsaleaf.key", "-cert_chain", "inter.pem"),
        client=["-sigalgs", "RSA-PSS+SHA384:ECDSA+SHA256"], mode="s_client", cause="none", step=None,
        exit=0, expect={("handshake", "peer_signature_scheme"): "rsa_pss_rsae_sha384"}),
    "s_client_sigalgs_none_common": dict(
        server=s_server("-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-sigalgs", "ed25519", "--no-probe"], mode="s_client", cause="peer_alert",
        step="server_hello", exit=3, expect={("error", "alert"): "handshake_failure"}),
    "s_client_seclevel_and_pha": dict(
        server=s_server("-tls1_2", "-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "inter.pem"),
        client=["-cipher", "DEFAULT@SECLEVEL=1", "-enable_pha"], mode="s_client", cause="none",
        step=None, exit=0, note="@SECLEVEL=1 accepted but not applied"),
}


# --- tests of `tlskit server` itself ---------------------------------------------------------

def openssl_client(port, data, pki, extra=()):
    """Sends data through `openssl s_client -quiet` and returns what came back."""
    cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
           "-CAfile", pki.p("root.pem"), "-verify_return_error", "-quiet", "-ign_eof"] + list(extra)
    r = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=CLIENT_TIMEOUT)
    return r.stdout


def server_echo_and_http(tlskit, pki):
    problems = []
    # s_client -ign_eof reads until the server closes: the idle timeout ends each connection.
    p = Proc([tlskit, "server", "--port", "0", "--idle-timeout", "500", "--cert", "leaf_chain.pem",
              "--key", "leaf.key"], "listening on", pki.d)
    try:
        port = listening_port(p)
        got = openssl_client(port, b"hello tlskit\n", pki)
        if b"hello tlskit" not in got:
            problems.append("echo: got %r" % got)
    finally:
        p.stop()
    p = Proc([tlskit, "server", "--port", "0", "--idle-timeout", "500", "--http", "--cert",
              "leaf_chain.pem", "--key", "leaf.key"], "listening on", pki.d)
    try:
        port = listening_port(p)
        got = openssl_client(port, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", pki)
        if not got.startswith(b"HTTP/1.1 200 OK\r\n") or b"Hello from tlskit server" not in got:
            problems.append("http: got %r" % got[:200])
    finally:
        p.stop()
    return problems


def server_concurrent_then_exit(tlskit, pki):
    """--exit-after 3 with three clients at once: all served, then the server exits 0."""
    problems = []
    p = Proc([tlskit, "server", "--port", "0", "--exit-after", "3", "--idle-timeout", "500",
              "--cert", "leaf_chain.pem", "--key", "leaf.key"], "listening on", pki.d)
    try:
        port = listening_port(p)
        results = [None] * 3

        def one(i):
            results[i] = openssl_client(port, ("client %d\n" % i).encode(), pki)
        threads = [threading.Thread(target=one, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=CLIENT_TIMEOUT)
        for i, got in enumerate(results):
            if got is None or ("client %d" % i).encode() not in got:
                problems.append("client %d got %r" % (i, got))
        try:
            rc = p.p.wait(timeout=STOP_TIMEOUT)
            if rc != 0:
                problems.append("server exit code %d after its 3 connections" % rc)
        except subprocess.TimeoutExpired:
            problems.append("server still running after --exit-after 3 were served")
    finally:
        p.stop()
    return problems


def server_key_update(tlskit, pki):
    """`openssl s_client` sends a KeyUpdate asking for one back (its K command, RFC 8446
    §4.6.3): the tlskit server answers with its own, and data keeps flowing both ways under the
    new keys. s_client reads stdin line by line, so the lines are fed with pauses."""
    problems = []
    p = Proc([tlskit, "server", "--port", "0", "--idle-timeout", "3000", "--cert", "leaf_chain.pem",
              "--key", "leaf.key"], "listening on", pki.d)
    try:
        port = listening_port(p)
        # -quiet turns the command letters off with ign_eof; -no_ign_eof turns them back on.
        cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
               "-CAfile", pki.p("root.pem"), "-verify_return_error", "-tls1_3", "-quiet",
               "-no_ign_eof", "-msg"]
        c = subprocess.Popen(cmd, cwd=pki.d, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        try:
            out = b""
            for line in (b"before the update\n", b"K\n", b"after the update\n"):
                c.stdin.write(line)
                c.stdin.flush()
                deadline = time.monotonic() + 2.0
                while time.monotonic() < deadline:
                    r, _, _ = select.select([c.stdout], [], [], 0.1)
                    if r:
                        chunk = os.read(c.stdout.fileno(), 65536)
                        if not chunk:
                            break
                        out += chunk
                    if line != b"K\n" and line.strip() in out.split(b"KeyUpdate")[-1]:
                        break
            c.stdin.close()
            c.wait(timeout=CLIENT_TIMEOUT)
        finally:
            if c.poll() is None:
                c.kill()
                c.wait()
        text = out.decode(errors="replace")
        if "before the update" not in text:
            problems.append("no echo before the KeyUpdate: %r" % text[-400:])
        # -msg shows both KeyUpdate messages: ours (sent by s_client) and the server's answer.
        sent = text.count(">>> TLS 1.3, Handshake [length 0005], KeyUpdate")
        received = text.count("<<< TLS 1.3, Handshake [length 0005], KeyUpdate")
        if sent < 1:
            problems.append("s_client sent no KeyUpdate (is its K command on?): %r" % text[-400:])
        if received < 1:
            problems.append("the server did not answer the requested KeyUpdate")
        after = text.split("KeyUpdate")[-1]
        if "after the update" not in after:
            problems.append("no echo after the KeyUpdate: %r" % text[-400:])
        if "error" in text.lower() or "alert" in after.lower():
            problems.append("an error or alert around the KeyUpdate: %r" % text[-400:])
    finally:
        p.stop()
    server_log = p.output.decode(errors="replace")
    if "error" in server_log.lower():
        problems.append("server log: %s" % server_log[-300:])
    return problems


def client_key_update(tlskit, pki):
    """`tlskit client --key-update` against `openssl s_server -rev` and `gnutls-serv --echo`:
    the client's KeyUpdate asks for one back (RFC 8446 §4.6.3); each server must answer, and
    the lines sent before and after must come back through the new keys."""
    problems = []
    servers = (
        ("openssl", lambda port: ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                                  "-cert", "leaf.pem", "-cert_chain", "inter.pem", "-key", "leaf.key",
                                  "-tls1_3", "-rev"], "ACCEPT", lambda line: line[::-1]),
        ("gnutls", lambda port: ["gnutls-serv", "--port", str(port), "--x509certfile",
                                 "leaf_chain.pem", "--x509keyfile", "leaf.key", "--echo",
                                 "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3"],
         "listening", lambda line: line),
    )
    for name, make_cmd, ready, answer in servers:
        port = free_port()
        try:
            srv = Proc(make_cmd(port), ready, pki.d)
        except RuntimeError as e:
            problems.append("%s server: %s" % (name, e))
            continue
        try:
            time.sleep(0.2)  # gnutls-serv prints its banner just before it listens
            cmd = [tlskit, "client", "127.0.0.1:%d" % port, "--servername", "localhost",
                   "--CAfile", pki.p("root.pem"), "--tls1_3", "--key-update", "--brief"]
            c = subprocess.Popen(cmd, cwd=pki.d, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            try:
                # The lines go out with pauses: the second one after the KeyUpdate exchange.
                for line in (b"first line\n", b"second line\n"):
                    c.stdin.write(line)
                    c.stdin.flush()
                    time.sleep(0.4)
                out, err = c.communicate(timeout=CLIENT_TIMEOUT)  # closes stdin: the client ends
            finally:
                if c.poll() is None:
                    c.kill()
                    c.wait()
            out_t, err_t = out.decode(errors="replace"), err.decode(errors="replace")
            for line in ("first line", "second line"):
                if answer(line) not in out_t:
                    problems.append("%s: %r did not come back: stdout %r" % (name, line, out_t[-300:]))
            if "sent KeyUpdate (update_requested)" not in err_t:
                problems.append("%s: the client did not send its KeyUpdate: %r" % (name, err_t[-300:]))
            if "the server updated its sending keys" not in err_t:
                problems.append("%s: the server did not answer the KeyUpdate: %r" % (name, err_t[-300:]))
            if c.returncode != 0:
                problems.append("%s: client exit code %d: %r" % (name, c.returncode, err_t[-300:]))
        finally:
            srv.stop()
    return problems


def server_ems_policy(tlskit, pki):
    """TLS 1.2 clients without the extended master secret (gnutls-cli %NO_SESSION_HASH): by
    default the tlskit server serves them a full handshake and never resumes it (RFC 7627
    §5.3: no session ID, no ticket), while a client with EMS resumes; --require-ems refuses
    them with handshake_failure; --allow-no-ems (the old opt-in) still serves them."""
    problems = []
    no_ems = "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_SESSION_HASH"
    with_ems = "NORMAL:-VERS-ALL:+VERS-TLS1.2"
    for flags, priority, want_served, want_resumed in (
            ([], no_ems, True, False),
            ([], with_ems, True, True),
            (["--allow-no-ems"], no_ems, True, False),
            (["--require-ems"], no_ems, False, False)):
        args = [tlskit, "server", "--port", "0", "--tls1_2", "--idle-timeout", "1000", "--cert",
                "leaf_chain.pem", "--key", "leaf.key"] + flags
        what = "%s %s" % (" ".join(flags) or "default", "without EMS" if priority == no_ems else "with EMS")
        p = Proc(args, "listening on", pki.d)
        try:
            port = listening_port(p)
            r = subprocess.run(["gnutls-cli", "--port", str(port), "--x509cafile", pki.p("root.pem"),
                                "--priority", priority, "--resume", "localhost"], cwd=pki.d,
                               input=b"hello over tls 1.2\n", stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=CLIENT_TIMEOUT)
            out = r.stdout.decode(errors="replace")
            served = "Handshake was completed" in out and "Handshake failed" not in out
            resumed = "This is a resumed session" in out
            if served != want_served:
                problems.append("%s: %s: %r" % (what, "not served" if want_served else "served", out[-300:]))
            if not want_served and "Handshake failed" not in out:
                problems.append("%s: the client saw no handshake_failure alert: %r" % (what, out[-300:]))
            if resumed != want_resumed:
                problems.append("%s: %s" % (what, "resumed (RFC 7627 §5.3 forbids it)" if resumed
                                            else "not resumed although the session had EMS"))
        finally:
            p.stop()
    return problems


def external_psk_with_openssl(tlskit, pki):
    """External TLS 1.3 PSKs (RFC 8446 §4.2.11) with OpenSSL 3.0 both ways: `openssl s_client
    -psk_identity -psk` against `tlskit server --psk` resumes ("Reused", no certificate), a wrong
    key gets decrypt_error; `tlskit client --psk` against `openssl s_server -psk` completes
    without a certificate."""
    problems = []
    key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    p = Proc([tlskit, "server", "--port", "0", "--cert", "leaf_chain.pem", "--key", "leaf.key",
              "--psk", "fleet:" + key], "listening on", pki.d)
    try:
        port = listening_port(p)
        for k, want in ((key, "Reused, TLSv1.3"), ("ff" + key[2:], "alert decrypt error")):
            r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-tls1_3",
                                "-psk_identity", "fleet", "-psk", k, "-ciphersuites",
                                "TLS_AES_128_GCM_SHA256"], cwd=pki.d, input=b"",
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=CLIENT_TIMEOUT)
            out = r.stdout.decode(errors="replace")
            if want not in out:
                problems.append("openssl s_client -psk %s...: expected %r: %r" % (k[:4], want, out[-400:]))
    finally:
        p.stop()
    port, srv = openssl_server(pki, "-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                               "-psk_identity", "fleet", "-psk", key)
    try:
        r = subprocess.run([tlskit, "client", "127.0.0.1:%d" % port, "--servername", "localhost",
                            "--CAfile", "root.pem", "--psk", "fleet:" + key, "--json"], cwd=pki.d,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=CLIENT_TIMEOUT)
        out = r.stdout.decode(errors="replace")
        if r.returncode != 0 or "pre-shared key" not in out:
            problems.append("tlskit client --psk against s_server -psk: exit %d: %r" % (r.returncode, out[-600:]))
    finally:
        srv.stop()
    return problems


def server_seen_by_sslscan(tlskit, pki):
    """sslscan (Debian package; its TLS 1.2 probes carry no extended master secret) against a
    default `tlskit server`: it must see TLS 1.2 enabled with the server's ECDHE suites, and
    TLS 1.3, and nothing older; with --require-ems, no TLS 1.2."""
    problems = []
    if shutil.which("sslscan") is None:
        return ["sslscan is not installed (make test installs it: scripts/install-deps.sh --test)"]
    for flags, want_tls12 in (([], True), (["--require-ems"], False)):
        args = [tlskit, "server", "--port", "0", "--quiet", "--cert", "leaf_chain.pem", "--key",
                "leaf.key"] + flags
        p = Proc(args, "listening on", pki.d)
        try:
            port = listening_port(p)
            r = subprocess.run(["sslscan", "--no-colour", "--no-heartbleed", "127.0.0.1:%d" % port],
                               cwd=pki.d, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=CLIENT_TIMEOUT)
            out = r.stdout.decode(errors="replace")
            lines = [l.split() for l in out.splitlines()]
            protocols = {l[0]: l[1] for l in lines if len(l) == 2 and l[0].startswith(("SSLv", "TLSv"))}
            tls12_suites = [l[4] for l in lines
                            if len(l) > 4 and l[0] in ("Preferred", "Accepted") and l[1] == "TLSv1.2"]
            what = " ".join(flags) or "default"
            if protocols.get("TLSv1.3") != "enabled":
                problems.append("%s: sslscan does not see TLSv1.3: %r" % (what, protocols))
            if any(protocols.get(v) != "disabled" for v in ("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1")):
                problems.append("%s: sslscan sees an old protocol enabled: %r" % (what, protocols))
            if want_tls12:
                if protocols.get("TLSv1.2") != "enabled":
                    problems.append("%s: sslscan does not see TLSv1.2: %r" % (what, protocols))
                if "ECDHE-ECDSA-AES128-GCM-SHA256" not in tls12_suites:
                    problems.append("%s: sslscan lists TLS 1.2 suites %r" % (what, tls12_suites))
            elif tls12_suites:
                problems.append("%s: sslscan got TLS 1.2 suites %r without EMS" % (what, tls12_suites))
        finally:
            p.stop()
    return problems


def server_sigterm(tlskit, pki):
    """SIGTERM stops the server cleanly (exit 0) within a bounded time."""
    p = Proc([tlskit, "server", "--port", "0", "--cert", "leaf_chain.pem", "--key", "leaf.key"],
             "listening on", pki.d)
    os.kill(p.p.pid, signal.SIGTERM)
    try:
        rc = p.p.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        p.stop()
        return ["the server did not stop within %.0f s of SIGTERM" % STOP_TIMEOUT]
    p.stop()
    return [] if rc == 0 else ["exit code %d after SIGTERM" % rc]


def server_bad_files(tlskit, pki):
    """Unreadable or mismatched key/certificate files: one clear line and exit 2."""
    problems = []
    for args, what in ((["--cert", "leaf_chain.pem", "--key", "client.key"], "mismatched key"),
                       (["--cert", "missing.pem", "--key", "leaf.key"], "missing file"),
                       (["--cert", "leaf_chain.pem"], "no --key"),
                       (["--bogus-flag"], "bad flag")):
        r = subprocess.run([tlskit, "server", "--port", "0"] + args, cwd=pki.d, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=CLIENT_TIMEOUT)
        err = r.stderr.decode(errors="replace").strip()
        if r.returncode != 2:
            problems.append("%s: exit code %d, expected 2" % (what, r.returncode))
        if len(err.splitlines()) != 1:
            problems.append("%s: expected one line on stderr, got %r" % (what, err))
    r = subprocess.run([tlskit, "client", "127.0.0.1:1", "--cert", "leaf.pem", "--key", "client.key"],
                       cwd=pki.d, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=CLIENT_TIMEOUT)
    if r.returncode != 2 or len(r.stderr.decode().strip().splitlines()) != 1:
        problems.append("client with a mismatched key: exit %d, stderr %r" % (r.returncode, r.stderr))
    return problems


def run_s_client(tlskit, pki, port, args, timeout=CLIENT_TIMEOUT):
    """Runs `tlskit s_client` against 127.0.0.1:port with the fixture root; returns the result."""
    cmd = [tlskit, "s_client", "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
           "-CAfile", pki.p("root.pem")] + args
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=pki.d)


def openssl_server(pki, *args):
    """`openssl s_server -www` on a free loopback port; returns (port, Proc)."""
    port = free_port()
    cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www", "-ign_eof"] + list(args)
    return port, Proc(cmd, "ACCEPT", pki.d)


def s_client_no_middlebox(tlskit, pki):
    """-no_middlebox: TLS 1.3 without the compatibility ChangeCipherSpec (and session id); the
    default sends one CCS."""
    problems = []
    port, p = openssl_server(pki, "-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                             "-cert_chain", "inter.pem")
    try:
        for flags, want_ccs in (([], 1), (["-no_middlebox"], 0)):
            r = run_s_client(tlskit, pki, port, flags + ["--json"])
            doc = json.loads(r.stdout.decode())
            sent = [m for m in doc["messages"] if m["direction"] == "sent"]
            ccs = sum(1 for m in sent if m["name"] == "ChangeCipherSpec")
            if r.returncode != 0 or ccs != want_ccs:
                problems.append("%s: exit %d, %d CCS sent, expected %d" %
                                (" ".join(flags) or "default", r.returncode, ccs, want_ccs))
            ch = [m for m in sent if m["name"] == "ClientHello"][0]
            sid = [f for f in ch["fields"] if f["name"] == "legacy_session_id"]
            if flags and sid and sid[0].get("value") not in ("", "(empty)", None):
                problems.append("-no_middlebox: legacy_session_id %r is not empty" % sid[0].get("value"))
    finally:
        p.stop()
    return problems


def s_client_state_and_tlsextdebug(tlskit, pki):
    """-state prints one SSL_connect: line per handshake message; -tlsextdebug one line per
    extension of both hellos."""
    problems = []
    port, p = openssl_server(pki, "-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                             "-cert_chain", "inter.pem")
    try:
        r = run_s_client(tlskit, pki, port, ["-state", "-tlsextdebug", "--no-relay"])
        out = r.stdout.decode(errors="replace")
        for want in ("SSL_connect:before SSL initialization\n",
                     "SSL_connect:SSLv3/TLS write client hello\n",
                     "SSL_connect:SSLv3/TLS read server hello\n",
                     "SSL_connect:TLSv1.3 read encrypted extensions\n",
                     "SSL_connect:SSLv3/TLS read server certificate\n",
                     "SSL_connect:TLSv1.3 read server certificate verify\n",
                     "SSL_connect:SSLv3/TLS read finished\n",
                     "SSL_connect:SSLv3/TLS write finished\n",
                     "SSL_connect:SSL negotiation finished successfully\n",
                     '" (id=43), len=',  # supported_versions, both sides
                     "TLS client extension", "TLS server extension", '" (id=51), len='):
            if want not in out:
                problems.append("no %r in the output" % want)
        if out.count("SSL_connect:SSLv3/TLS write client hello") != 1:
            problems.append("client hello line count %d" % out.count("SSL_connect:SSLv3/TLS write client hello"))
        if r.returncode != 0:
            problems.append("exit %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
    finally:
        p.stop()
    return problems


def s_client_proxy(tlskit, pki):
    """-proxy HOST:PORT: the handshake runs through an HTTP CONNECT tunnel; a proxy that refuses
    (403, 407) is named with its status line, exit 1; a dead proxy is a connection failure."""
    problems = []
    port, p = openssl_server(pki, "-tls1_3", "-cert", "leaf.pem", "-key", "leaf.key",
                             "-cert_chain", "inter.pem")
    try:
        good = ConnectProxy()
        try:
            r = run_s_client(tlskit, pki, port, ["-proxy", "127.0.0.1:%d" % good.port, "--json"])
            doc = json.loads(r.stdout.decode())
            if r.returncode != 0 or doc["diagnosis"]["cause"] != "none":
                problems.append("through the proxy: exit %d, cause %r" % (r.returncode, doc["diagnosis"]["cause"]))
            if "CONNECT 127.0.0.1:%d HTTP/1.1" % port not in good.requests:
                problems.append("the proxy saw %r" % good.requests)
        finally:
            good.stop()
        for status in ("HTTP/1.1 403 Forbidden", "HTTP/1.1 407 Proxy Authentication Required"):
            bad = ConnectProxy(status)
            try:
                r = run_s_client(tlskit, pki, port, ["-proxy", "127.0.0.1:%d" % bad.port, "--no-probe"])
                out = r.stdout.decode(errors="replace")
                if r.returncode != 1 or status not in out or "proxy 127.0.0.1:%d" % bad.port not in out:
                    problems.append("%s: exit %d, output %r" % (status, r.returncode, out[-600:]))
            finally:
                bad.stop()
        dead = free_port()
        r = run_s_client(tlskit, pki, port, ["-proxy", "127.0.0.1:%d" % dead, "--json"])
        doc = json.loads(r.stdout.decode())
        if r.returncode != 1 or "proxy 127.0.0.1:%d" % dead not in (doc.get("error") or {}).get("detail", ""):
            problems.append("dead proxy: exit %d, error %r" % (r.returncode, doc.get("error")))
    finally:
        p.stop()
    return problems


SERVER_TESTS = {
    "server_echo_and_http": server_echo_and_http,
    "server_concurrent_then_exit": server_concurrent_then_exit,
    "server_sigterm": server_sigterm,
    "server_key_update": server_key_update,
    "client_key_update": client_key_update,
    "server_ems_policy": server_ems_policy,
    "external_psk_with_openssl": external_psk_with_openssl,
    "server_seen_by_sslscan": server_seen_by_sslscan,
    "server_bad_files": server_bad_files,
    "s_client_no_middlebox": s_client_no_middlebox,
    "s_client_state_and_tlsextdebug": s_client_state_and_tlsextdebug,
    "s_client_proxy": s_client_proxy,
}


def run_server_test(name, tlskit, workdir):
    pki = Pki(os.path.join(workdir, name))
    pki.build()
    problems = SERVER_TESTS[name](tlskit, pki)
    if problems:
        print("FAIL %s: %s" % (name, "; ".join(problems)))
        return 1
    print("PASS %s" % name)
    return 0


NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp; proxy_temp_path {d}/tmp; fastcgi_temp_path {d}/tmp;
  uwsgi_temp_path {d}/tmp; scgi_temp_path {d}/tmp;
  server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {d}/leaf_chain.pem;
    ssl_certificate_key {d}/leaf.key;
    {extra}
    location / {{ return 200 "ok\\n"; }}
  }}
}}
"""


def nginx(pki, extra):
    """nginx (Debian nginx-light) on a free port of 127.0.0.1 with extra server directives;
    returns (port, stopper). Started in the foreground and stopped by its PID."""
    if shutil.which("nginx") is None:
        raise RuntimeError("nginx is not installed (scripts/install-deps.sh --test installs nginx-light)")
    port = free_port()
    os.makedirs(pki.p("tmp"), exist_ok=True)
    with open(pki.p("nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(d=pki.d, port=port, extra=extra.format(d=pki.d)))
    p = subprocess.Popen(["nginx", "-p", pki.d, "-c", pki.p("nginx.conf")], cwd=pki.d,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return port, lambda: terminate(p)
        except OSError:
            if p.poll() is not None:
                break
            time.sleep(0.05)
    terminate(p)
    raise RuntimeError("nginx did not start: " + open(pki.p("nginx-error.log")).read()[-500:])


def start_server(spec, tlskit, pki):
    """Starts the case's server; returns (port, stopper)."""
    if spec is None:
        return free_port(), lambda: None
    kind, args = spec
    if kind == "fake":
        f = FakeServer(args)
        return f.port, f.stop
    if kind == "middlebox":
        limit, upstream, hold = args
        up_port, up_stop = start_server(upstream, tlskit, pki)
        m = Middlebox(limit, up_port, hold)

        def stop_both():
            m.stop()
            up_stop()
        return m.port, stop_both
    if kind == "nginx":
        return nginx(pki, args)
    if kind == "openssl":
        port = free_port()
        cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www", "-ign_eof"] + args
        p = Proc(cmd, "ACCEPT", pki.d)
        return port, p.stop
    cmd = [tlskit, "server", "--port", "0"] + args
    p = Proc(cmd, "listening on", pki.d)
    port = listening_port(p)
    return port, p.stop


def run_case(name, tlskit, workdir):
    case = CASES[name]
    pki = Pki(os.path.join(workdir, name))
    pki.build()
    port, stop = start_server(case["server"], tlskit, pki)
    try:
        if case.get("mode") == "s_client":
            # A runbook's openssl command with only the program name changed (plus --json).
            cmd = [tlskit, "s_client", "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
                   "-CAfile", pki.p("root.pem"), "--json"]
        else:
            cmd = [tlskit, "client", "127.0.0.1:%d" % port, "--json", "--servername", "localhost",
                   "--CAfile", pki.p("root.pem"), "--timeout", "3000", "--connect-timeout", "3000"]
        # A later --CAfile wins (CLI11 keeps the last value).
        cmd += [pki.p(a) if a.endswith((".pem", ".key", ".log")) else a for a in case["client"]]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=CLIENT_TIMEOUT,
                           stdin=subprocess.DEVNULL)
    finally:
        stop()
    problems = []
    try:
        doc = json.loads(r.stdout.decode())
    except ValueError as e:
        doc = None
        problems.append("stdout is not JSON (%s): %r" % (e, r.stdout[:400]))
    if doc is not None:
        d = doc.get("diagnosis", {})
        if d.get("cause") != case["cause"]:
            problems.append("cause %r, expected %r" % (d.get("cause"), case["cause"]))
        step = case["step"]
        if step is not None:
            allowed = step if isinstance(step, tuple) else (step,)
            if d.get("step") not in allowed:
                problems.append("step %r, expected %s" % (d.get("step"), " or ".join(map(repr, allowed))))
        if doc.get("exit_code") != r.returncode:
            problems.append("JSON exit_code %r differs from the process exit code %d" %
                            (doc.get("exit_code"), r.returncode))
        for path, want in case.get("expect", {}).items():
            got = doc
            for key in path:
                if isinstance(key, int):
                    got = got[key] if isinstance(got, list) and key < len(got) else None
                else:
                    got = got.get(key) if isinstance(got, dict) else None
            if got != want:
                problems.append("%s is %r, expected %r" % (".".join(map(str, path)), got, want))
        if case.get("keylog"):
            try:
                with open(pki.p("keys.log")) as f:
                    lines = f.read().splitlines()
            except OSError:
                lines = []
            labels = set(l.split()[0] for l in lines if l.strip())
            missing = [l for l in case["keylog"] if l not in labels]
            if missing or any(len(l.split()) != 3 for l in lines):
                problems.append("key log lines %r, missing %r" % (lines[:2], missing))
        for want in case.get("explain", ()):
            if want not in d.get("explanation", ""):
                problems.append("explanation lacks %r" % want)
        if case.get("note") and not any(case["note"] in n for n in doc.get("notes", [])):
            problems.append("no note %r in %r" % (case["note"], doc.get("notes")))
        if doc.get("schema_version") != 1:
            problems.append("schema_version %r" % doc.get("schema_version"))
    if r.returncode != case["exit"]:
        problems.append("exit code %d, expected %d" % (r.returncode, case["exit"]))
    if not problems:
        print("PASS %s: cause=%s exit=%d" % (name, case["cause"], r.returncode))
        return 0
    summary = ""
    if doc is not None:
        summary = json.dumps({"diagnosis": doc.get("diagnosis"), "error": doc.get("error")}, indent=2)
    if case.get("xfail"):
        print("SKIP %s (expected to fail: %s): %s" % (name, case["xfail"], "; ".join(problems)))
        return SKIP
    print("FAIL %s: %s\n%s\nstderr: %s" % (name, "; ".join(problems), summary,
                                           r.stderr.decode(errors="replace")))
    return 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tlskit", help="path of the tlskit binary")
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = ap.parse_args()
    if a.list:
        for n in list(CASES) + list(SERVER_TESTS):
            print(n)
        return 0
    if not a.tlskit:
        ap.error("--tlskit is required")
    if shutil.which("openssl") is None:
        print("SKIP: the openssl command is not installed")
        return SKIP
    names = list(CASES) + list(SERVER_TESTS) if a.all else a.case
    unknown = [n for n in names if n not in CASES and n not in SERVER_TESTS]
    if unknown or not names:
        ap.error("unknown or no case: %s" % ", ".join(unknown))
    workdir = tempfile.mkdtemp(prefix="tlskit-debugger-")
    results = {}
    try:
        for n in names:
            try:
                run = run_server_test if n in SERVER_TESTS else run_case
                results[n] = run(n, os.path.abspath(a.tlskit), workdir)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print("FAIL %s: %s" % (n, e))
                results[n] = 1
    finally:
        if not a.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("kept", workdir)
    failed = [n for n, rc in results.items() if rc == 1]
    skipped = [n for n, rc in results.items() if rc == SKIP]
    if len(names) > 1:
        print("%d passed, %d failed, %d skipped" % (len(names) - len(failed) - len(skipped),
                                                     len(failed), len(skipped)))
    if failed:
        return 1
    if skipped and len(skipped) == len(names):
        return SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
