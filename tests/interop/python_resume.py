#!/usr/bin/env python3
"""Session reuse with Python 3's ssl module (stdlib only) against an echo server (tlskit server).

Two connections to 127.0.0.1:PORT. The first is a full handshake: it sends the payload, reads
the echo (which also reads the session tickets a TLS 1.3 server sends after the handshake) and
keeps SSLSocket.session. The second offers that session (wrap_socket(session=...)), must be
resumed (session_reused, or a full handshake with --expect-full) and must echo the payload too.

Writes the first connection's echo to --out and one line to --report: "ok: ..." or "no: ...".
Exits 0 when everything held, 1 when a check failed, 2 on a usage error.
"""
import argparse
import socket
import ssl
import sys

VERSIONS = {"1.3": ssl.TLSVersion.TLSv1_3, "1.2": ssl.TLSVersion.TLSv1_2}


def parse_args():
    """The command line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True, help="the server's port on 127.0.0.1")
    p.add_argument("--cafile", required=True, help="the root the client trusts (PEM)")
    p.add_argument("--servername", default="localhost", help="SNI and the name verified")
    p.add_argument("--resume-servername", help="SNI of the second connection (default: the same)")
    p.add_argument("--tls", choices=sorted(VERSIONS), default="1.3", help="the only version allowed")
    p.add_argument("--cipher", help="TLS 1.2 suite, OpenSSL name (TLS 1.3: Python's defaults)")
    p.add_argument("--data", required=True, help="the payload file, sent on both connections")
    p.add_argument("--out", required=True, help="where the first connection's echo goes")
    p.add_argument("--report", required=True, help="where the one-line result goes")
    p.add_argument("--expect-full", action="store_true",
                   help="the second connection must NOT resume (a full handshake)")
    p.add_argument("--timeout", type=float, default=20.0, help="socket timeout, seconds")
    return p.parse_args()


def make_context(args):
    """A client context: the chain and host name verified, one protocol version."""
    ctx = ssl.create_default_context(cafile=args.cafile)
    ctx.minimum_version = ctx.maximum_version = VERSIONS[args.tls]
    if args.cipher:
        ctx.set_ciphers(args.cipher)
    return ctx


def echo(conn, payload):
    """Sends payload and reads as many bytes back (the echo)."""
    conn.sendall(payload)
    got = bytearray()
    while len(got) < len(payload):
        chunk = conn.recv(min(65536, len(payload) - len(got)))
        if not chunk:
            break
        got += chunk
    return bytes(got)


def close(conn):
    """Ends the connection with close_notify (a session stays resumable), then the socket."""
    try:
        conn.unwrap().close()
    except (OSError, ssl.SSLError):
        conn.close()


def connect(ctx, args, servername, session=None):
    """One TLS connection to the server (the handshake happens here)."""
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    return ctx.wrap_socket(sock, server_hostname=servername, session=session)


def describe(conn):
    """Version and suite of a connection, for the report."""
    return "%s %s" % (conn.version(), conn.cipher()[0])


def run(args):
    """Both connections; returns the report line (starting with "ok" or "no")."""
    with open(args.data, "rb") as f:
        payload = f.read()
    ctx = make_context(args)

    first = connect(ctx, args, args.servername)
    if first.session_reused:
        return "no: the first connection claims a resumed session"
    got = echo(first, payload)
    with open(args.out, "wb") as f:
        f.write(got)
    if got != payload:
        return "no: the first connection echoed %d of %d bytes, or other bytes" % (len(got), len(payload))
    session = first.session  # after the echo: the TLS 1.3 tickets have been read
    first_desc = describe(first)
    close(first)
    if session is None or (args.tls == "1.3" and not session.has_ticket):
        return "no: no session with a ticket after the first connection (%s)" % first_desc

    second = connect(ctx, args, args.resume_servername or args.servername, session)
    reused = second.session_reused
    second_desc = describe(second)
    got = echo(second, payload)
    close(second)
    if got != payload:
        return "no: the second connection echoed %d of %d bytes, or other bytes" % (len(got), len(payload))
    if args.expect_full and reused:
        return "no: the second connection resumed, but must not (%s)" % second_desc
    if not args.expect_full and not reused:
        return "no: the second connection was a full handshake, not resumed (%s)" % second_desc
    return "ok: first full (%s), second %s (%s)" % (
        first_desc, "full as expected" if args.expect_full else "resumed", second_desc)


def main():
    args = parse_args()
    try:
        line = run(args)
    except (OSError, ssl.SSLError) as e:
        line = "no: %s: %s" % (type(e).__name__, e)
    with open(args.report, "w") as f:
        f.write(line + "\n")
    print(line, file=sys.stderr)
    return 0 if line.startswith("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
