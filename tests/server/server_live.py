#!/usr/bin/env python3
"""Live tests of `tlskit server` from the outside: hostile clients and real clients on 127.0.0.1.

Each case starts `tlskit server --port 0` (and whatever clients it needs: raw sockets, Python's
ssl module, curl, h2load, openssl s_client, headless Chromium), checks what the clients see and
what the server logs, and stops every process it started by its PID, also when a check fails.
Every wait is bounded; every case takes well under 30 s.

The certificates are the project's test PKI (scripts/gen-pki.sh, the ecdsa-p256 chain), made
once in the build directory (--pki, default BUILD/tests/server/pki next to the tlskit binary)
and reused; a case needing more (a second leaf, OCSP responses) makes it in its own temporary
directory with the `openssl` command, signed by that PKI's intermediate.

Usage:
  server_live.py --tlskit PATH --case NAME [--case NAME...]   (exit 0 pass, 1 fail, 77 skipped)
  server_live.py --tlskit PATH --all
  server_live.py --list
A case marked `xfail` (a server feature not there yet) is reported as skipped with its reason
while it fails, and passes normally once the feature lands.
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "debugger"))
from fixtures import Fail, check, run, terminate  # noqa: E402

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
READY_TIMEOUT = 10.0      # seconds for the server to print its `listening on` line
STOP_TIMEOUT = 10.0       # seconds for a process to exit after SIGTERM (then SIGKILL)
IO_TIMEOUT = 5.0          # one client read or handshake
PAGE = b"Hello from tlskit server"


class Skip(Exception):
    """The case cannot run here (a missing tool, a too low limit)."""


def need_tool(name):
    path = shutil.which(name)
    if path is None:
        raise Skip("%s is not installed (scripts/install-deps.sh --test installs it)" % name)
    return path


def raise_nofile(wanted):
    """Raises the soft RLIMIT_NOFILE to the hard limit; Skip when the hard one is below wanted."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        raise Skip("this case needs %d open files, the hard RLIMIT_NOFILE is %d (raise it: "
                   "ulimit -Hn, LimitNOFILE=, docker --ulimit nofile=)" % (wanted, hard))
    if soft != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- the PKI -----------------------------------------------------------------------------------

class Pki:
    """scripts/gen-pki.sh's ecdsa-p256 chain (cached in the build directory) plus a per-run
    directory for certificates and OCSP responses a case makes itself."""

    def __init__(self, cache_dir, workdir):
        os.makedirs(os.path.dirname(os.path.abspath(cache_dir)), exist_ok=True)
        run([os.path.join(SOURCE_DIR, "scripts", "gen-pki.sh"), cache_dir], timeout=300)
        self.d = os.path.join(cache_dir, "ecdsa-p256")
        self.work = workdir
        self.root = self.p("root.pem")
        self.chain = self.p("server-chain.pem")
        self.key = self.p("server.key")
        self.leaf = self.p("server.pem")
        self.int = self.p("int.pem")
        self.int_key = self.p("int.key")

    def p(self, name):
        return os.path.join(self.d, name)

    def w(self, name):
        return os.path.join(self.work, name)

    def issue_leaf(self, name):
        """A second server leaf for localhost signed by the same intermediate: name.pem, name.key,
        name-chain.pem (leaf + intermediate) in the work directory. Returns its serial (hex)."""
        ext = self.w(name + ".ext")
        with open(ext, "w") as f:
            f.write("[v3]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n")
        run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", self.w(name + ".key")])
        run(["openssl", "req", "-new", "-key", self.w(name + ".key"),
             "-subj", "/O=tlskit test/CN=localhost", "-out", self.w(name + ".csr")])
        run(["openssl", "x509", "-req", "-in", self.w(name + ".csr"), "-CA", self.int,
             "-CAkey", self.int_key, "-sha256", "-set_serial", "0x" + os.urandom(16).hex(),
             "-days", "30", "-extfile", ext, "-extensions", "v3", "-out", self.w(name + ".pem")])
        with open(self.w(name + "-chain.pem"), "w") as out:
            for part in (self.w(name + ".pem"), self.int):
                with open(part) as f:
                    out.write(f.read())
        return cert_serial(self.w(name + ".pem"))

    def ocsp_response(self, cert, out, revoked=False):
        """An OCSP response for cert (issued by the intermediate), signed by the intermediate,
        valid for a day: good, or revoked (keyCompromise) with revoked=True."""
        serial = cert_serial(cert)
        subject = run(["openssl", "x509", "-in", cert, "-noout", "-subject", "-nameopt", "compat"])
        subject = subject.strip().split("=", 1)[1].strip()
        if not subject.startswith("/"):
            subject = "/" + subject.replace(", ", "/")
        expiry = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() + 30 * 86400))
        index = out + ".index.txt"
        with open(index, "w") as f:
            if revoked:
                when = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() - 3600))
                f.write("R\t%s\t%s,keyCompromise\t%s\tunknown\t%s\n" % (expiry, when, serial, subject))
            else:
                f.write("V\t%s\t\t%s\tunknown\t%s\n" % (expiry, serial, subject))
        run(["openssl", "ocsp", "-index", index, "-rsigner", self.int, "-rkey", self.int_key,
             "-CA", self.int, "-issuer", self.int, "-cert", cert, "-ndays", "1", "-respout", out])
        text = run(["openssl", "ocsp", "-respin", out, "-resp_text", "-noverify"])
        want = "revoked" if revoked else "good"
        check("Cert Status: " + want in text, "openssl ocsp made no %s response:\n%s" % (want, text))


def cert_serial(pem_path):
    out = run(["openssl", "x509", "-in", pem_path, "-noout", "-serial"])
    return out.strip().split("=", 1)[1].upper()


# --- processes ---------------------------------------------------------------------------------

class Procs:
    """Every process a case starts; stop_all() stops each by its PID (SIGTERM, bounded wait,
    SIGKILL), or its process group when it was started in a session of its own (Chromium)."""

    def __init__(self):
        self.procs = []

    def add(self, p, group=False):
        self.procs.append((p, group))
        return p

    def stop_all(self):
        for p, group in reversed(self.procs):
            terminate(p, group, timeout=STOP_TIMEOUT)
        self.procs = []


class Server:
    """`tlskit server --port 0 ARGS` on 127.0.0.1: stdout read until `listening on`, stderr (the
    log) to a file."""

    def __init__(self, ctx, args, name="server"):
        self.ctx = ctx
        self.log_path = os.path.join(ctx.workdir, "%s-%d.log" % (name, len(ctx.procs.procs)))
        self.log = open(self.log_path, "wb")
        self.cmd = [ctx.tlskit, "server", "--bind", "127.0.0.1", "--port", "0"] + list(args)
        self.p = ctx.procs.add(subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                                stdout=subprocess.PIPE, stderr=self.log,
                                                cwd=ctx.workdir))
        out = b""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline and b"\n" not in out:
            r, _, _ = select.select([self.p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
            elif self.p.poll() is not None:
                break
        m = re.search(rb"listening on 127\.0\.0\.1:(\d+) \(", out)
        if not m:
            raise Fail("tlskit server did not start: %s\nstdout: %r\nlog: %s" %
                       (" ".join(self.cmd), out, self.text()))
        self.port = int(m.group(1))
        self.pid = self.p.pid

    def text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def lines(self):
        return self.text().splitlines()

    def wait_for(self, what, timeout, count=1):
        """Waits until at least count log lines match regex what; returns the matching lines."""
        rx = re.compile(what)
        deadline = time.monotonic() + timeout
        while True:
            found = [l for l in self.lines() if rx.search(l)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise Fail("after %.1f s the server log has %d line(s) matching %r, expected %d; "
                           "log tail:\n%s" % (timeout, len(found), what, count, self.tail()))
            time.sleep(0.05)

    def conn_line(self, local_port, timeout=IO_TIMEOUT):
        """The per-connection log line of the client whose local port is local_port."""
        return self.wait_for(r"\] 127\.0\.0\.1:%d " % local_port, timeout)[0]

    def tail(self, n=25):
        return "\n".join(self.lines()[-n:])

    def open_fds(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def rss_kib(self):
        with open("/proc/%d/status" % self.pid) as f:
            return int(re.search(r"VmRSS:\s*(\d+) kB", f.read()).group(1))

    def signal(self, sig):
        os.kill(self.pid, sig)

    def wait_exit(self, timeout):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


class Ctx:
    def __init__(self, tlskit, workdir, pki):
        self.tlskit = tlskit
        self.workdir = workdir
        self.pki = pki
        self.procs = Procs()
        self.sockets = []
        self.deviations = []

    def expect(self, cond, what):
        """A check whose failure is noted and the case goes on (the case fails at its end,
        or is skipped when the case's xfail pattern covers every such failure)."""
        if not cond:
            print("  DEVIATION: " + what)
            self.deviations.append(what)
        return cond

    def server(self, *args, cert=True, name="server"):
        extra = ["--cert", self.pki.chain, "--key", self.pki.key] if cert else []
        return Server(self, extra + list(args), name)

    def keep(self, s):
        self.sockets.append(s)
        return s

    def close_all(self):
        for s in self.sockets:
            try:
                s.close()
            except OSError:
                pass
        self.sockets = []
        self.procs.stop_all()


# --- clients -----------------------------------------------------------------------------------

def client_context(pki, alpn=None, max_version=None):
    ctx = ssl.create_default_context(cafile=pki.root)
    if alpn:
        ctx.set_alpn_protocols(alpn)
    if max_version:
        ctx.maximum_version = max_version
    return ctx


def tcp_connect(port, timeout=IO_TIMEOUT):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def tls_connect(ctx, port, tls_ctx, timeout=IO_TIMEOUT, ragged=True):
    """A TLS connection to localhost (127.0.0.1:port), handshake done; kept for closing."""
    raw = ctx.keep(tcp_connect(port, timeout))
    s = tls_ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=ragged)
    return ctx.keep(s)


def echo(s, data):
    """Sends data on an echo connection and reads it back."""
    s.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = s.recv(65536)
        check(chunk, "the echo connection ended after %r of %r" % (got, data))
        got += chunk
    check(got == data, "echo returned %r for %r" % (got, data))


def read_until_eof(s, timeout):
    """Reads until EOF (or a reset); returns (bytes, how it ended: 'eof', 'reset', 'timeout')."""
    data = b""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return data, "timeout"
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return data, "timeout"
        except ConnectionResetError:
            return data, "reset"
        if not chunk:
            return data, "eof"
        data += chunk


def http_response(s, timeout=IO_TIMEOUT):
    """Reads one HTTP/1.1 response with a Content-Length from s; returns (status, headers, body)."""
    s.settimeout(timeout)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        check(chunk, "the connection ended before a whole response header: %r" % buf)
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode(errors="replace").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for l in lines[1:]:
        k, v = l.split(":", 1)
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(body) < n:
        chunk = s.recv(65536)
        check(chunk, "the connection ended within the body")
        body += chunk
    return status, headers, body


class BioClient:
    """A TLS client over a raw socket through MemoryBIOs, so a case sees every byte: the
    ClientHello it would send, whether anything came back, and the handshake pumped by hand."""

    def __init__(self, tls_ctx):
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = tls_ctx.wrap_bio(self.inc, self.out, server_hostname="localhost")
        try:
            self.obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        self.client_hello = self.out.read()

    def finish(self, sock, timeout=IO_TIMEOUT):
        """Completes the handshake on sock (the ClientHello already sent)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.obj.do_handshake()
                sock.sendall(self.out.read())
                return
            except ssl.SSLWantReadError:
                pending = self.out.read()
                if pending:
                    sock.sendall(pending)
            left = deadline - time.monotonic()
            check(left > 0, "the handshake did not complete within %.0f s" % timeout)
            sock.settimeout(left)
            data = sock.recv(65536)
            check(data, "the server closed the connection during the handshake")
            self.inc.write(data)


def client_hello(pki):
    """The bytes of a real ClientHello (Python's ssl, TLS 1.3 and 1.2, SNI localhost)."""
    return BioClient(client_context(pki)).client_hello


def parse_alert(data):
    """A lone TLS alert record (7 bytes) -> (level, description); Fail otherwise."""
    check(len(data) >= 7, "expected a TLS alert record (7 bytes), got %d byte(s): %r" % (len(data), data))
    check(data[0] == 21 and data[1] == 3 and data[2] in (1, 3) and data[3:5] == b"\x00\x02",
          "not an alert record header: %s" % data[:5].hex())
    check(len(data) == 7, "the alert record is followed by %d more byte(s): %r" % (len(data) - 7, data[7:]))
    return data[5], data[6]


ALERTS = {0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 22: "record_overflow",
          40: "handshake_failure", 47: "illegal_parameter", 50: "decode_error", 70: "protocol_version",
          80: "internal_error", 109: "missing_extension"}


def alert_name(desc):
    return "%s(%d)" % (ALERTS.get(desc, "alert"), desc)


# --- the cases ---------------------------------------------------------------------------------

def hostile_idle_and_slowloris(ctx):
    """2,000 idle TCP sockets and 200 slowloris ClientHellos (a byte a second) do not keep curl
    from its page within 3 s; the slowloris sockets are closed at the 2 s handshake deadline
    (trickled bytes do not extend it) and logged as end=handshake_timeout."""
    curl = need_tool("curl")
    n_idle, n_slow = 2000, 200
    raise_nofile(n_idle + n_slow + 200)
    srv = ctx.server("--http", "--handshake-timeout", "2000")
    hello = client_hello(ctx.pki)
    check(len(hello) > 200, "a short ClientHello? %d bytes" % len(hello))
    t0 = time.monotonic()
    idle = [ctx.keep(tcp_connect(srv.port)) for _ in range(n_idle)]
    t_idle = time.monotonic() - t0
    slow, started, slow_ports = [], {}, {}
    for _ in range(n_slow):
        s = ctx.keep(tcp_connect(srv.port))
        s.sendall(hello[:1])
        started[s.fileno()] = time.monotonic()
        slow_ports[s.getsockname()[1]] = s
        slow.append(s)
    print("  opened %d idle sockets in %.2f s and %d slowloris in %.2f s" %
          (n_idle, t_idle, n_slow, time.monotonic() - t0 - t_idle))

    # The slowloris clients: one more byte of the ClientHello each second, until closed.
    closed_at = {}
    stop = threading.Event()
    lock = threading.Lock()

    def trickle():
        pos = 1
        while not stop.wait(1.0) and pos < len(hello):
            for s in slow:
                with lock:
                    if s.fileno() in closed_at:
                        continue
                try:
                    s.send(hello[pos:pos + 1])
                except OSError:
                    pass  # closed by the server: the reader below notes when
            pos += 1

    def watch():
        poller = select.poll()
        for s in slow:
            poller.register(s.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR)
        fds = {s.fileno(): s for s in slow}
        deadline = time.monotonic() + 15
        while len(closed_at) < len(slow) and time.monotonic() < deadline and not stop.is_set():
            for fd, _ in poller.poll(100):
                s = fds[fd]
                try:
                    data = s.recv(4096, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    with lock:
                        closed_at[fd] = time.monotonic()
                    poller.unregister(fd)

    threads = [threading.Thread(target=trickle, daemon=True), threading.Thread(target=watch, daemon=True)]
    for t in threads:
        t.start()
    try:
        # The server holds them all (a descriptor each) before curl starts.
        fd_deadline = time.monotonic() + 1.5
        while srv.open_fds() < n_idle + n_slow and time.monotonic() < fd_deadline:
            time.sleep(0.02)
        held = srv.open_fds()
        check(held >= n_idle + n_slow, "the server holds %d descriptors, fewer than the %d "
              "attacking connections: it did not accept them all" % (held, n_idle + n_slow))
        # Under attack: curl (its own TCP + TLS + HTTP) must get its page within 3 s.
        poller = select.poll()
        for s in idle:
            poller.register(s.fileno(), select.POLLIN)
        idle_closed = len(poller.poll(0))
        c0 = time.monotonic()
        r = subprocess.run([curl, "-sS", "--max-time", "10", "--cacert", ctx.pki.root, "--resolve",
                            "localhost:%d:127.0.0.1" % srv.port, "https://localhost:%d/" % srv.port],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        curl_s = time.monotonic() - c0
        with lock:
            slow_closed_during = len(closed_at)
        print("  curl under attack: %.3f s (exit %d); the server held %d descriptors; %d of %d idle "
              "and %d of %d slowloris sockets closed when it started/ended" %
              (curl_s, r.returncode, held, idle_closed, n_idle, slow_closed_during, n_slow))
        check(r.returncode == 0 and PAGE in r.stdout,
              "curl failed under attack (exit %d): %s %r" % (r.returncode, r.stderr.decode(), r.stdout[:200]))
        check(curl_s <= 3.0, "curl took %.2f s under attack (at most 3 s)" % curl_s)
        check(slow_closed_during == 0 and idle_closed == 0,
              "the attack was not on while curl ran (%d idle, %d slowloris sockets closed already)"
              % (idle_closed, slow_closed_during))

        # The slowloris sockets end at the handshake deadline: 2 s after accept (~connect).
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and len(closed_at) < n_slow:
            time.sleep(0.1)
        lifetimes = sorted(closed_at[fd] - started[fd] for fd in closed_at)
        check(len(closed_at) == n_slow, "%d of %d slowloris sockets were not closed by the server "
              "within %.0f s of connecting (handshake timeout 2 s)" %
              (n_slow - len(closed_at), n_slow, time.monotonic() - t0))
        print("  slowloris sockets closed after %.2f .. %.2f s (median %.2f s)" %
              (lifetimes[0], lifetimes[-1], lifetimes[len(lifetimes) // 2]))
        check(lifetimes[0] >= 1.8, "a slowloris socket was closed after %.2f s, before the 2 s "
              "handshake deadline" % lifetimes[0])
        check(lifetimes[-1] <= 4.0, "a slowloris socket was closed only after %.2f s (deadline 2 s, "
              "margin 2 s)" % lifetimes[-1])
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=5)

    # Every slowloris connection is logged as a handshake timeout.
    srv.wait_for(r"end=handshake_timeout", 10, count=n_idle + n_slow)
    ends = {}
    for line in srv.lines():
        m = re.search(r"\] 127\.0\.0\.1:(\d+) .*end=(\w+)", line)
        if m and int(m.group(1)) in slow_ports:
            ends[int(m.group(1))] = m.group(2)
    wrong = {p: e for p, e in ends.items() if e != "handshake_timeout"}
    check(len(ends) == n_slow and not wrong,
          "slowloris log lines: %d of %d found, ends other than handshake_timeout: %s" %
          (len(ends), n_slow, dict(list(wrong.items())[:5])))
    print("  curl %.3f s under %d idle + %d slowloris connections; %d end=handshake_timeout lines"
          % (curl_s, n_idle, n_slow, len(ends)))


def idle_tls_memory(ctx):
    """2,000 established idle TLS connections (HTTP server, TLS 1.3) cost at most 16 KiB of
    server RSS each (VmRSS after - before, after a warm-up of 50 connections)."""
    n, warm = 2000, 50
    raise_nofile(n + 200)
    srv = ctx.server("--http", "--idle-timeout", "600000", "--stats", "1")
    tls_ctx = client_context(ctx.pki)
    for _ in range(warm):
        s = tls_connect(ctx, srv.port, tls_ctx)
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status, _, _ = http_response(s)
        check(status == 200, "warm-up request answered %d" % status)
        s.close()
    srv.wait_for(r"end=closed|end=peer_eof", 10, count=warm)
    time.sleep(0.5)
    before = srv.rss_kib()
    t0 = time.monotonic()
    conns = []
    errors = []
    lock = threading.Lock()

    def opener(k):
        try:
            for _ in range(k):
                s = tls_connect(ctx, srv.port, tls_ctx)
                with lock:
                    conns.append(s)
        except (OSError, ssl.SSLError) as e:
            errors.append(repr(e))
    threads = [threading.Thread(target=opener, args=(n // 4,), daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    check(not errors and len(conns) == n, "opened %d of %d connections: %s" % (len(conns), n, errors[:3]))
    # The server counts them all open and handshaken (its stats line) before measuring.
    srv.wait_for(r"stats: open=%d .*handshakes=%d " % (n, n + warm), 10)
    time.sleep(0.3)
    after = max(srv.rss_kib() for _ in range(3))
    per = (after - before) / n
    print("  %d handshakes in %.1f s; VmRSS %d KiB -> %d KiB: %.2f KiB per idle TLS connection"
          % (n, time.monotonic() - t0, before, after, per))
    check(per <= 16.0, "%.2f KiB of server RSS per idle TLS connection (at most 16 KiB)" % per)


def garbage_and_truncated(ctx):
    """Non-TLS bytes get a fatal alert (the RFC 8446 one) and a close; a truncated ClientHello
    followed by a half-close is closed and logged with a reason; a good client works after."""
    srv = ctx.server()
    rng = random.Random(8446)
    cases = [
        # (what, bytes, expected alert). RFC 8446 §5: an unknown record type -> unexpected_message
        # (bytes that are not TLS at all start with one); §5 again: application data before the
        # handshake, and §4: a handshake message out of order -> unexpected_message; §5.1: a
        # record longer than 2^14 -> record_overflow; §6.2: a message that does not parse ->
        # decode_error; an SSLv2-format ClientHello (RFC 8446 Appendix D.5) -> protocol_version.
        ("plaintext HTTP", b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 10),
        ("random bytes", bytes([0xC3]) + bytes(rng.randrange(256) for _ in range(299)), 10),
        ("application data before the handshake", b"\x17\x03\x03\x00\x05hello", 10),
        ("a ServerHello to the server", b"\x16\x03\x03\x00\x04\x02\x00\x00\x00", 10),
        ("handshake record of 18433 bytes", b"\x16\x03\x01\x48\x01" + b"\x01" * 64, 22),
        ("ClientHello too short for its fields", b"\x16\x03\x01\x00\x06\x01\x00\x00\x02\x03\x03", 50),
        ("SSLv2-format ClientHello", b"\x80\x2e\x01\x03\x01" + b"\x00" * 46, 70),
    ]
    for what, data, want in cases:
        s = ctx.keep(tcp_connect(srv.port))
        port = s.getsockname()[1]
        s.sendall(data)
        got, how = read_until_eof(s, IO_TIMEOUT)
        s.close()
        check(how in ("eof", "reset"), "%s: the server did not close within %.0f s (%d bytes back)"
              % (what, IO_TIMEOUT, len(got)))
        line = srv.conn_line(port)
        check("end=tls_error: " in line, "%s: log line without end=tls_error and a detail: %s"
              % (what, line))
        print("  %s -> %s, then %s; log: %s" % (what, ("%d bytes: %s" % (len(got), got.hex())) if got
                                                else "no bytes", how, line.split("] ", 1)[1]))
        if not ctx.expect(got, "%s: the server closed without sending an alert (RFC 8446 §5 says "
                          "%s)" % (what, alert_name(want))):
            continue
        level, desc = parse_alert(got)
        check(level == 2, "%s: alert level %d, expected fatal (2)" % (what, level))
        check(desc == want, "%s: alert %s, expected %s" % (what, alert_name(desc), alert_name(want)))
        check("[alert %s]" % ALERTS[want] in line, "%s: the log line does not name the alert sent: %s"
              % (what, line))

    # A ClientHello cut short, then the client's FIN.
    hello = client_hello(ctx.pki)
    s = ctx.keep(tcp_connect(srv.port))
    port = s.getsockname()[1]
    s.sendall(hello[:len(hello) // 2])
    time.sleep(0.1)
    s.shutdown(socket.SHUT_WR)
    t0 = time.monotonic()
    got, how = read_until_eof(s, IO_TIMEOUT)
    took = time.monotonic() - t0
    s.close()
    check(how in ("eof", "reset"), "truncated ClientHello: the server did not close within %.0f s"
          % IO_TIMEOUT)
    line = srv.conn_line(port)
    sent = ("alert %s" % alert_name(parse_alert(got)[1])) if got else "nothing"
    print("  truncated ClientHello (%d of %d bytes) + FIN -> %s, %s after %.3f s; log: %s" %
          (len(hello) // 2, len(hello), sent, how, took, line.split("] ", 1)[1]))
    check(re.search(r"end=peer_eof", line) or re.search(r"end=tls_error: .{10,}", line),
          "truncated ClientHello: log line has neither end=peer_eof nor end=tls_error with a "
          "detail: %s" % line)
    check(took < 2.0, "truncated ClientHello: closed only after %.2f s" % took)

    # The server still serves a well-behaved client.
    s = tls_connect(ctx, srv.port, client_context(ctx.pki))
    echo(s, b"still here\n")
    s.close()


def max_connections_pause(ctx):
    """--max-connections 20: a 21st client's TCP connect succeeds (backlog) but it gets no
    ServerHello while 20 are open; once one closes it completes; stats count the pause."""
    srv = ctx.server("--max-connections", "20", "--stats", "1")
    tls_ctx = client_context(ctx.pki)
    held = [tls_connect(ctx, srv.port, tls_ctx) for _ in range(20)]
    for i, s in enumerate(held):
        echo(s, b"held %d\n" % i)
    c = BioClient(tls_ctx)
    s = ctx.keep(tcp_connect(srv.port))       # raises if the connect itself fails
    s.sendall(c.client_hello)
    t0 = time.monotonic()
    r, _, _ = select.select([s], [], [], 2.0)
    check(not r, "the 21st connection got an answer (%r) while 20 were open"
          % (s.recv(64, socket.MSG_PEEK) if r else b""))
    print("  21st client: TCP connected, ClientHello sent, no answer for %.1f s" % (time.monotonic() - t0))
    held[0].close()
    t1 = time.monotonic()
    c.finish(s)
    waited = time.monotonic() - t1
    print("  one of the 20 closed: the 21st completed its handshake %.3f s later (%s)" %
          (waited, c.obj.version()))
    check(waited < 2.0, "the 21st handshake took %.2f s after a slot freed" % waited)
    # Echo over the BIO connection.
    c.obj.write(b"twenty-first\n")
    s.sendall(c.out.read())
    got = b""
    s.settimeout(IO_TIMEOUT)
    while b"\n" not in got:
        try:
            got += c.obj.read(4096)
        except ssl.SSLWantReadError:
            data = s.recv(65536)
            check(data, "the 21st connection closed before its echo")
            c.inc.write(data)
    check(got == b"twenty-first\n", "the 21st connection echoed %r" % got)
    lines = srv.wait_for(r"stats: .*accept-pauses=[1-9]", 4)
    print("  " + lines[0].split(": ", 1)[1])


def per_address_cap(ctx):
    """--max-per-address 5: the 6th connection from 127.0.0.1 is closed at once and logged as
    refused_address_cap; after one of the five closes, a new one works."""
    srv = ctx.server("--max-per-address", "5", "--stats", "1")
    tls_ctx = client_context(ctx.pki)
    five = [tls_connect(ctx, srv.port, tls_ctx) for _ in range(5)]
    for s in five:
        echo(s, b"one of five\n")
    s = ctx.keep(tcp_connect(srv.port))
    port = s.getsockname()[1]
    t0 = time.monotonic()
    got, how = read_until_eof(s, 3.0)
    took = time.monotonic() - t0
    s.close()
    print("  6th connection: %s after %.3f s (%d bytes back)" % (how, took, len(got)))
    check(how in ("eof", "reset"), "the 6th connection was not closed within 3 s (handshake "
          "timeout is 10 s)")
    check(took < 1.0, "the 6th connection was closed only after %.2f s" % took)
    stats = srv.wait_for(r"stats: .*refused_address_cap=1", 4)[0]
    print("  " + stats.split(": ", 1)[1])
    first_port = five[0].getsockname()[1]
    five[0].close()
    srv.conn_line(first_port)  # the server saw it close: its slot is free
    s = tls_connect(ctx, srv.port, tls_ctx)
    echo(s, b"a new one\n")
    for other in five[1:]:
        echo(other, b"still open\n")
    print("  after one of the five closed, a new connection works; the other four too")
    lines = [l for l in srv.lines() if "127.0.0.1:%d " % port in l]
    ctx.expect(lines and "end=refused_address_cap" in lines[0],
               "no per-connection log line for the refused 6th connection (port %d): %s; the "
               "log has: %s" % (port, lines, [l.split(": ", 1)[1] for l in srv.lines()
                                              if "stats:" not in l]))


def sigterm_drains(ctx):
    """SIGTERM: an idle keep-alive connection gets close_notify at once; a half-sent request
    finished within the drain period is answered with Connection: close; exit 0 in time."""
    drain_ms = 5000
    srv = ctx.server("--http", "--drain-timeout", str(drain_ms))
    tls_ctx = client_context(ctx.pki)
    idle = tls_connect(ctx, srv.port, tls_ctx, ragged=False)
    idle.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    status, headers, _ = http_response(idle)
    check(status == 200 and headers.get("connection", "").lower() != "close",
          "the keep-alive request got %d %s" % (status, headers))
    busy = tls_connect(ctx, srv.port, tls_ctx, ragged=False)
    busy.sendall(b"GET /half HTTP/1.1\r\nHost: localhost\r\nUser-Agent: server_live\r\n")
    time.sleep(0.3)
    t0 = time.monotonic()
    srv.signal(signal.SIGTERM)
    # The idle connection: close_notify (a clean TLS EOF: b"" with ragged EOFs not suppressed).
    idle.settimeout(2.0)
    try:
        got = idle.recv(4096)
    except ssl.SSLEOFError as e:
        raise Fail("the idle connection ended without close_notify after SIGTERM: %s" % e)
    except socket.timeout:
        raise Fail("the idle connection got nothing within 2 s of SIGTERM")
    took = time.monotonic() - t0
    check(got == b"", "the idle connection got %r after SIGTERM" % got)
    print("  idle keep-alive connection: close_notify %.3f s after SIGTERM" % took)
    check(took < 1.0, "close_notify came %.2f s after SIGTERM" % took)
    idle.close()  # as a client does on close_notify
    time.sleep(0.5)
    check(srv.p.poll() is None, "the server exited (%s) with a request still half-sent"
          % srv.p.returncode)
    busy.sendall(b"\r\n")
    status, headers, body = http_response(busy)
    print("  half-sent request finished %.3f s after SIGTERM: %d, Connection: %s" %
          (time.monotonic() - t0, status, headers.get("connection")))
    check(status == 200 and PAGE in body, "the drained request got %d %r" % (status, body[:100]))
    check(headers.get("connection", "").lower() == "close",
          "the drained response lacks Connection: close: %s" % headers)
    busy.settimeout(2.0)
    try:
        tail = busy.recv(4096)
    except ssl.SSLEOFError as e:
        raise Fail("after its Connection: close response the connection ended without close_notify: %s" % e)
    check(tail == b"", "after its Connection: close response the server sent %r" % tail)
    busy.close()
    t_closed = time.monotonic()
    rc = srv.wait_exit(drain_ms / 1000.0 + 1.0 - (time.monotonic() - t0))
    exited = time.monotonic() - t0
    check(rc is not None, "the server did not exit within the drain timeout (%d ms) of SIGTERM; "
          "log:\n%s" % (drain_ms, srv.tail()))
    check(rc == 0, "the server exited %d after SIGTERM" % rc)
    last = srv.lines()[-1]
    print("  exit 0 %.3f s after SIGTERM (%.3f s after the clients closed); last line: %s"
          % (exited, time.monotonic() - t_closed, last))
    check("stopped after" in last, "the log's last line: %r" % last)


def sighup_reloads_certificate(ctx):
    """SIGHUP reloads --cert/--key from their paths: new connections see the new leaf's serial,
    a connection opened before keeps working."""
    pki = ctx.pki
    cert, key = pki.w("live-chain.pem"), pki.w("live.key")
    shutil.copy(pki.chain, cert)
    shutil.copy(pki.key, key)
    old_serial = cert_serial(pki.leaf)
    new_serial = pki.issue_leaf("leaf2")
    srv = ctx.server("--cert", cert, "--key", key, cert=False)
    tls_ctx = client_context(pki)

    def serial_of(s):
        return s.getpeercert()["serialNumber"].upper()
    before = tls_connect(ctx, srv.port, tls_ctx)
    echo(before, b"before\n")
    check(serial_of(before) == old_serial, "first leaf serial %s, expected %s" % (serial_of(before), old_serial))
    for src, dst in ((pki.w("leaf2-chain.pem"), cert), (pki.w("leaf2.key"), key)):
        shutil.copy(src, dst + ".new")
        os.replace(dst + ".new", dst)
    srv.signal(signal.SIGHUP)
    line = srv.wait_for(r"SIGHUP: ", IO_TIMEOUT)[0]
    print("  " + line)
    check("SIGHUP: reloaded" in line, "the reload failed: %s" % line)
    after = tls_connect(ctx, srv.port, tls_ctx)
    echo(after, b"after\n")
    print("  leaf serial before SIGHUP %s, after %s" % (serial_of(before), serial_of(after)))
    check(serial_of(after) == new_serial, "after SIGHUP the leaf serial is %s, expected %s" %
          (serial_of(after), new_serial))
    echo(before, b"the old connection still works\n")


def ocsp_stapling(ctx):
    """--ocsp: a good response is stapled (openssl s_client -status, TLS 1.3 and 1.2); after
    SIGHUP with a response for another certificate, and then a revoked one, nothing is stapled
    and the log says why."""
    pki = ctx.pki
    pki.issue_leaf("other")
    good, other, revoked = pki.w("good.der"), pki.w("other.der"), pki.w("revoked.der")
    pki.ocsp_response(pki.leaf, good)
    pki.ocsp_response(pki.w("other.pem"), other)
    pki.ocsp_response(pki.leaf, revoked, revoked=True)
    live = pki.w("live.der")
    shutil.copy(good, live)
    srv = ctx.server("--ocsp", live)
    line = srv.wait_for(r"OCSP|stapl", IO_TIMEOUT)[0]
    print("  " + line)
    check("stapled" in line and "not stapling" not in line, "the good response is not stapled: %s" % line)

    def s_client(version):
        r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % srv.port,
                            "-servername", "localhost", "-CAfile", pki.root, "-verify_return_error",
                            "-status", version], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=20)
        out = r.stdout.decode(errors="replace")
        check(r.returncode == 0 and "Verify return code: 0 (ok)" in out,
              "openssl s_client %s failed (%d):\n%s" % (version, r.returncode, out[-2000:]))
        return out
    for version in ("-tls1_3", "-tls1_2"):
        out = s_client(version)
        check("OCSP Response Status: successful" in out and "Cert Status: good" in out,
              "s_client %s: no good stapled response:\n%s" % (version, out[:3000]))
        print("  s_client %s: OCSP Response Status: successful, Cert Status: good" % version)
    for k, (name, path, reason) in enumerate((("another certificate's response", other, "another certificate"),
                                              ("a revoked response", revoked, "revoked"))):
        shutil.copy(path, live + ".new")
        os.replace(live + ".new", live)
        n_before = len(srv.lines())
        srv.signal(signal.SIGHUP)
        srv.wait_for(r"SIGHUP: reloaded", IO_TIMEOUT, count=k + 1)
        new = srv.lines()[n_before:]
        why = [l for l in new if "not stapling" in l]
        check(why and reason in why[0], "after SIGHUP with %s, no `not stapling ... %s` line: %s"
              % (name, reason, new))
        print("  " + why[0])
        for version in ("-tls1_3", "-tls1_2"):
            out = s_client(version)
            check("OCSP response: no response sent" in out,
                  "s_client %s still sees a staple after %s:\n%s" % (version, name, out[:3000]))
        print("  s_client -tls1_3/-tls1_2: OCSP response: no response sent")


def real_clients(ctx):
    """curl (HTTP/1.1 keep-alive, HTTP/2), h2load (h2 and --h1), Python http.client and headless
    Chromium (h2) against --http --alpn h2,http/1.1."""
    curl, h2load, chromium = need_tool("curl"), need_tool("h2load"), need_tool("chromium")
    srv = ctx.server("--http", "--alpn", "h2,http/1.1")
    base = "https://localhost:%d" % srv.port
    resolve = ["--resolve", "localhost:%d:127.0.0.1" % srv.port, "--cacert", ctx.pki.root]

    def curl_run(*args):
        r = subprocess.run([curl, "-sS", "--max-time", "10"] + resolve + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        check(r.returncode == 0, "curl %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.decode()))
        return r.stdout.decode(errors="replace")
    out = curl_run("--http1.1", "-w", "\n@@ %{num_connects} %{http_version} %{http_code}\n",
                   base + "/one", base + "/two")
    stats = re.findall(r"^@@ (\d+) (\S+) (\d+)$", out, re.M)
    check(len(stats) == 2 and out.count(PAGE.decode()) == 2, "curl --http1.1 output: %s" % out)
    connects = sum(int(c) for c, _, _ in stats)
    print("  curl --http1.1, two URLs: num_connects %s, http_version %s, codes %s" %
          ("+".join(c for c, _, _ in stats), stats[0][1], [h for _, _, h in stats]))
    check(connects == 1 and all(v == "1.1" and h == "200" for _, v, h in stats),
          "curl --http1.1: %d connects (expected 1: keep-alive), %s" % (connects, stats))
    out = curl_run("--http2", "-w", "\n@@ %{http_version} %{http_code}\n", base + "/")
    check(PAGE.decode() in out and re.search(r"^@@ 2 200$", out, re.M), "curl --http2: %s" % out)
    print("  curl --http2: http_version 2, 200")

    for mode in ([], ["--h1"]):
        r = subprocess.run([h2load, "-n", "200", "-c", "10"] + mode + ["https://127.0.0.1:%d/" % srv.port],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        out = r.stdout.decode(errors="replace")
        m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                      r"(\d+) errored", out)
        proto = re.search(r"Application protocol: (\S+)", out)
        check(m and proto, "h2load %s output:\n%s" % (" ".join(mode), out))
        print("  h2load -n 200 -c 10 %s: %s, protocol %s" % (" ".join(mode) or "(h2)", m.group(0), proto.group(1)))
        check(int(m.group(4)) == 200 and int(m.group(5)) == 0 and int(m.group(6)) == 0,
              "h2load %s: %s" % (" ".join(mode), m.group(0)))
        check(proto.group(1) == ("http/1.1" if mode else "h2"), "h2load %s spoke %s" % (mode, proto.group(1)))

    # Python http.client, HTTP/1.1, two requests on one connection.
    conn = http.client.HTTPSConnection("localhost", srv.port, context=client_context(ctx.pki), timeout=IO_TIMEOUT)
    try:
        conn.connect()
        first_sock = conn.sock
        port = conn.sock.getsockname()[1]
        for path in ("/a", "/b"):
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            check(resp.status == 200 and PAGE in body, "http.client %s: %d %r" % (path, resp.status, body[:100]))
        check(conn.sock is first_sock, "http.client opened a second connection")
    finally:
        conn.close()
    line = srv.conn_line(port)
    check("requests=2" in line and "http/1.1" in line, "http.client's log line: %s" % line)
    print("  python http.client: two requests on one connection: " + line.split("] ", 1)[1])

    # Headless Chromium trusting our root through its SPKI pin, over h2.
    spki = subprocess.run("openssl x509 -in '%s' -noout -pubkey | openssl pkey -pubin -outform der"
                          % ctx.pki.leaf, shell=True, stdout=subprocess.PIPE, timeout=20).stdout
    pin = base64.b64encode(hashlib.sha256(spki).digest()).decode()
    profile = os.path.join(ctx.workdir, "chromium-profile")
    n_before = len(srv.lines())
    p = ctx.procs.add(subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile, "--ignore-certificate-errors-spki-list=" + pin,
         "--host-resolver-rules=MAP localhost 127.0.0.1", "--dump-dom", base + "/chromium"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True),
        group=True)
    try:
        page, err = p.communicate(timeout=25)
    except subprocess.TimeoutExpired:
        raise Fail("chromium did not finish within 25 s")
    finally:
        terminate(p, group=True, timeout=STOP_TIMEOUT)
    check(PAGE in page, "chromium got no page (exit %s): %r\nstderr tail: %s" %
          (p.returncode, page[:500], err.decode(errors="replace")[-1500:]))
    lines = [l for l in srv.lines()[n_before:] if re.search(r"\] 127\.0\.0\.1:\d+ ", l)]
    h2 = [l for l in lines if "alpn=h2" in l and "end=handshake" not in l]
    check(h2, "no alpn=h2 connection in the log after chromium: %s" % lines)
    print("  chromium: %s; log: %s" % (re.search(rb"Hello from tlskit server[^<\n]*", page).group(0).decode(),
                                        h2[0].split("] ", 1)[1]))


JSON_FIELDS = ("id", "peer", "end", "duration_ms", "handshake_ms", "bytes_in", "bytes_out", "sni",
               "version", "cipher_suite", "group", "alpn", "resumed", "early_data", "alert_sent",
               "alert_received")


def json_log_and_stats(ctx):
    """--log-format json --stats 1: every per-connection line is JSON with the documented
    fields; a refused TLS 1.2 client's line has error.code/step and alert_sent; a stats line."""
    srv = ctx.server("--http", "--tls1_3", "--log-format", "json", "--stats", "1")
    good = tls_connect(ctx, srv.port, client_context(ctx.pki))
    good_port = good.getsockname()[1]
    good.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    check(http_response(good)[0] == 200, "the good request failed")
    good.unwrap().close()  # close_notify, then the TCP close: end=closed
    old = client_context(ctx.pki, max_version=ssl.TLSVersion.TLSv1_2)
    raw = ctx.keep(tcp_connect(srv.port))
    bad_port = raw.getsockname()[1]
    try:
        old.wrap_socket(raw, server_hostname="localhost").close()
        raise Fail("a TLS 1.2-only client completed a handshake with a --tls1_3 server")
    except ssl.SSLError as e:
        print("  the TLS 1.2-only client: %s" % e)
    srv.wait_for(r'"stats":\s*true', 4)
    srv.wait_for(r'"peer"', IO_TIMEOUT, count=2)
    records = {}
    for line in srv.lines():
        check(line.startswith("tlskit server: "), "a log line without the prefix: %r" % line)
        body = line[len("tlskit server: "):]
        if not body.startswith("{"):
            continue
        try:
            j = json.loads(body)
        except ValueError as e:
            raise Fail("a log line is not JSON (%s): %r" % (e, body))
        if j.get("stats"):
            stats = j
            continue
        missing = [f for f in JSON_FIELDS if f not in j]
        check(not missing, "a connection's JSON line lacks %s: %s" % (missing, body))
        records[int(j["peer"].rsplit(":", 1)[1])] = j
    check(good_port in records and bad_port in records, "no JSON line for ports %d/%d: %s" %
          (good_port, bad_port, list(records)))
    g, b = records[good_port], records[bad_port]
    print("  good: " + json.dumps({k: g[k] for k in ("end", "version", "cipher_suite", "alpn", "sni", "handshake_ms")
                                   if k in g}) + " application=%r" % g.get("application"))
    check(g["end"] == "closed" and g["version"] == "TLSv1.3" and "error" not in g
          and isinstance(g["handshake_ms"], (int, float)) and g["sni"] == "localhost"
          and g.get("application", "").startswith("http/1.1"), "the good connection's JSON: %s" % g)
    print("  TLS 1.2-only: end=%s alert_sent=%s error=%s" % (b["end"], b["alert_sent"], json.dumps(b.get("error"))))
    e = b.get("error") or {}
    check(b["end"] == "tls_error" and b["alert_sent"] == "protocol_version" and b["handshake_ms"] is None,
          "the refused connection's JSON: %s" % b)
    check(all(e.get(k) for k in ("code", "party", "step", "detail")) and e.get("alert") == "protocol_version",
          "the refused connection's error object: %s" % e)
    print("  stats: " + json.dumps(stats))
    for k in ("open", "handshakes_per_second", "accepted", "handshakes", "accept_pauses", "failures"):
        check(k in stats, "the stats JSON lacks %s: %s" % (k, stats))


def reject_unknown_sni(ctx):
    """--reject-unknown-sni: a server name no certificate matches gets unrecognized_name
    (RFC 6066 §3); the certificate's own name and a client without SNI are served."""
    srv = ctx.server("--reject-unknown-sni")
    tls_ctx = client_context(ctx.pki)
    echo(tls_connect(ctx, srv.port, tls_ctx), b"by its name\n")
    raw = ctx.keep(tcp_connect(srv.port))
    try:
        tls_ctx.wrap_socket(raw, server_hostname="other.example")
        ctx.expect(False, "a handshake for other.example completed")
    except ssl.SSLError as e:
        print("  other.example: %s" % e.reason)
        ctx.expect("UNRECOGNIZED_NAME" in str(e), "other.example got %s, not unrecognized_name" % e)
    no_sni = ssl.create_default_context(cafile=ctx.pki.root)
    no_sni.check_hostname = False
    s = ctx.keep(no_sni.wrap_socket(ctx.keep(tcp_connect(srv.port))))
    echo(s, b"without SNI\n")
    print("  localhost and no SNI served; other.example refused")


CASES = {
    "reject_unknown_sni": {"run": reject_unknown_sni},
    "hostile_idle_and_slowloris": {"run": hostile_idle_and_slowloris},
    "idle_tls_memory": {"run": idle_tls_memory},
    # xfail: (reason, a regex every deviation of the case matches). Any other failed check of
    # the case still fails it.
    "garbage_and_truncated": {"run": garbage_and_truncated},
    "max_connections_pause": {"run": max_connections_pause},
    "per_address_cap": {"run": per_address_cap},
    "sigterm_drains": {"run": sigterm_drains},
    "sighup_reloads_certificate": {"run": sighup_reloads_certificate},
    "ocsp_stapling": {"run": ocsp_stapling},
    "real_clients": {"run": real_clients},
    "json_log_and_stats": {"run": json_log_and_stats},
}


def run_case(name, tlskit, pki_dir, keep):
    case = CASES[name]
    workdir = tempfile.mkdtemp(prefix="tlskit-server-%s-" % name)
    ctx = None
    t0 = time.monotonic()
    try:
        pki = Pki(pki_dir, workdir)
        ctx = Ctx(tlskit, workdir, pki)
        case["run"](ctx)
        took = time.monotonic() - t0
        if not ctx.deviations:
            print("PASS %s (%.1f s)" % (name, took))
            return 0
        xfail = case.get("xfail")
        if xfail and all(re.search(xfail[1], d) for d in ctx.deviations):
            print("SKIP %s (%.1f s) (expected to fail: %s): %s" % (name, took, xfail[0],
                                                                   "; ".join(ctx.deviations)))
            return SKIP
        print("FAIL %s (%.1f s): %s" % (name, took, "; ".join(ctx.deviations)))
        return 1
    except Skip as e:
        print("SKIP %s: %s" % (name, e))
        return SKIP
    except (Fail, OSError, ssl.SSLError, subprocess.TimeoutExpired) as e:
        what = "%s: %s" % (type(e).__name__, e) if not isinstance(e, Fail) else str(e)
        print("FAIL %s (%.1f s): %s" % (name, time.monotonic() - t0, what))
        return 1
    finally:
        if ctx is not None:
            ctx.close_all()
        if keep:
            print("kept", workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tlskit", help="path of the tlskit binary")
    ap.add_argument("--pki", help="the cached test PKI (default: BUILD/tests/server/pki when the "
                    "binary is in a CMake build directory, else one in the temporary directory)")
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep each case's directory (logs)")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if not a.tlskit:
        ap.error("--tlskit is required")
    names = list(CASES) if a.all else a.case
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        ap.error("unknown or no case: %s" % ", ".join(unknown))
    if shutil.which("openssl") is None:
        print("SKIP: the openssl command is not installed")
        return SKIP
    tlskit = os.path.abspath(a.tlskit)
    if not os.access(tlskit, os.X_OK):
        ap.error("%s is not an executable" % tlskit)
    pki_dir = a.pki
    if not pki_dir:
        build = os.path.dirname(tlskit)
        if os.path.exists(os.path.join(build, "CMakeCache.txt")):
            pki_dir = os.path.join(build, "tests", "server", "pki")  # what CMake passes
        else:
            pki_dir = os.path.join(tempfile.gettempdir(), "tlskit-server-live-pki")
    results = {n: run_case(n, tlskit, os.path.abspath(pki_dir), a.keep) for n in names}
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
