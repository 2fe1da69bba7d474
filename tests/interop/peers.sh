# Peer drivers for the interop scripts (sourced): how `openssl`, `gnutls-serv`/`gnutls-cli` and
# `tlskit` are started for one case. Every peer implements the same five functions:
#   peer_<impl>_supports KIND VALUE   0 when the peer can do it (KIND: ver suite group cert feature)
#   peer_<impl>_server_start          starts a server for case C on $PORT; sets SRV_PID, SRV_MODE
#                                     (echo: sends back what it gets; duplex: sends s2c.bin and
#                                     writes what it gets to srv.out) and SRV_LOGS
#   peer_<impl>_client_start          starts a client for case C reading from FIFO cli.in,
#                                     writing received data to cli.out; sets CLI_PID, CLI_LOGS
#   peer_<impl>_client_trailer        bytes the client prints after the data at stdin EOF
#   peer_<impl>_client_resume         (resume cases) after the client ended, while the server
#                                     still runs: a second connection resuming the session if the
#                                     client needs one; writes yes/no to $CASE_DIR/resumed
#   peer_<impl>_payload_kind          "binary", or "text" when the server only echoes text
#   peer_<impl>_check SIDE            extra checks on the finished case (HRR seen, ALPN chosen,
#                                     resumption); prints a reason and returns 1 on failure
# The current case is the associative array C (see cases.sh for its fields); the case's files
# live in $CASE_DIR; $PKI is the test PKI, $PORT the port, $TLSKIT the tlskit binary.
#
# Names used in the case table are IANA's (TLS_AES_128_GCM_SHA256, x25519, secp256r1) and
# translated here for each tool.

# ---------------------------------------------------------------------------------------------
# Name translations

# OpenSSL's name of a TLS 1.2 suite (for -cipher); TLS 1.3 suites keep their IANA names.
ossl_cipher_name() {
  case $1 in
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) echo ECDHE-ECDSA-AES128-GCM-SHA256 ;;
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) echo ECDHE-ECDSA-AES256-GCM-SHA384 ;;
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256) echo ECDHE-ECDSA-CHACHA20-POLY1305 ;;
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) echo ECDHE-RSA-AES128-GCM-SHA256 ;;
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) echo ECDHE-RSA-AES256-GCM-SHA384 ;;
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256) echo ECDHE-RSA-CHACHA20-POLY1305 ;;
    *) echo "$1" ;;
  esac
}

# OpenSSL's group list ("X25519:P-256") from a comma list of IANA names.
ossl_groups() {
  local out="" g n
  IFS=, read -ra gs <<<"$1"
  for g in "${gs[@]}"; do
    case $g in
      x25519) n=X25519 ;; secp256r1) n=P-256 ;; secp384r1) n=P-384 ;; secp521r1) n=P-521 ;;
      x448) n=X448 ;; *) n=$g ;;
    esac
    out+="${out:+:}$n"
  done
  echo "$out"
}

# OpenSSL's -groups flag for a comma list of IANA names; nothing for "default" (its defaults).
ossl_group_args() {
  [ "$1" = default ] || echo "-groups $(ossl_groups "$1")"
}

# tlskit's --groups flag; nothing for "default" (X25519MLKEM768 first, two key shares).
tlskit_group_args() {
  [ "$1" = default ] || echo "--groups ${1//,/:}"
}

# GnuTLS's cipher keyword for a suite.
gnutls_cipher() {
  case $1 in
    *AES_128_GCM*) echo AES-128-GCM ;;
    *AES_256_GCM*) echo AES-256-GCM ;;
    *CHACHA20_POLY1305*) echo CHACHA20-POLY1305 ;;
    *AES_128_CCM_8*) echo AES-128-CCM-8 ;;
    *AES_128_CCM*) echo AES-128-CCM ;;
    *) echo UNKNOWN ;;
  esac
}

# A GnuTLS priority string for the current case; $1 = client or server (which group list).
gnutls_priority() {
  local side=$1 groups p g
  if [ "$side" = client ]; then groups=${C[cgroups]}; else groups=${C[sgroups]}; fi
  if [ "${C[ver]}" = 1.2 ]; then
    p="NORMAL:-VERS-ALL:+VERS-TLS1.2:-MAC-ALL:+AEAD"
    case ${C[suite]} in
      TLS_ECDHE_ECDSA_*) p+=":-KX-ALL:+ECDHE-ECDSA" ;;
      TLS_ECDHE_RSA_*) p+=":-KX-ALL:+ECDHE-RSA" ;;
    esac
  else
    p="NORMAL:-VERS-ALL:+VERS-TLS1.3"
  fi
  p+=":-CIPHER-ALL:+$(gnutls_cipher "${C[suite]}")"
  if [ "$groups" = default ]; then echo "$p"; return; fi
  p+=":-GROUP-ALL"
  IFS=, read -ra gs <<<"$groups"
  for g in "${gs[@]}"; do
    case $g in
      x25519) p+=":+GROUP-X25519" ;; secp256r1) p+=":+GROUP-SECP256R1" ;;
      secp384r1) p+=":+GROUP-SECP384R1" ;; secp521r1) p+=":+GROUP-SECP521R1" ;;
      x448) p+=":+GROUP-X448" ;;
    esac
  done
  echo "$p"
}

# The CA file a client trusts for the current case.
case_trust_file() {
  case ${C[trust]} in
    roots) echo "$PKI/roots.pem" ;;
    *) echo "$PKI/${C[trust]}/root.pem" ;;
  esac
}

# The ALPN protocol the server selected, from an OpenSSL -trace file $1: the last ALPN
# extension in a record that went server -> client ($2 = Received for a client's trace, Sent
# for a server's). Empty when none.
ossl_trace_alpn() {
  awk -v dir="$2" '/^(Sent|Received) Record/ { on = ($1 == dir) }
       want { gsub(/^ +/, ""); sel = $0; want = 0 }
       on && /extension_type=application_layer_protocol_negotiation/ { want = 1 }
       END { print sel }' "$1" 2>/dev/null
}

# How many ClientHello messages an OpenSSL -trace file $1 shows (2 after a HelloRetryRequest;
# OpenSSL traces the HRR itself as a ServerHello).
ossl_trace_client_hellos() {
  grep -c '^    ClientHello, Length=' "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# openssl s_server / s_client (OpenSSL 3.0)

peer_openssl_supports() {
  case $1:$2 in
    ver:1.3 | ver:1.2) return 0 ;;
    suite:TLS_*) return 0 ;;  # all five TLS 1.3 suites (CCM ones via -ciphersuites) and the 1.2 six
    group:x25519 | group:secp256r1 | group:secp384r1 | group:secp521r1 | group:x448) return 0 ;;
    cert:ecdsa-p256 | cert:ecdsa-p384 | cert:rsa2048 | cert:ed25519) return 0 ;;
    # OpenSSL 3.0's s_client -reconnect reconnects before the TLS 1.3 tickets arrive, so it
    # never resumes TLS 1.3 (not even with s_server); -sess_out / -sess_in do.
    feature:client-reconnect-tls1.3) return 1 ;;
    feature:*) return 0 ;;
  esac
  return 1
}

# Connections s_server accepts before it exits: 1, or for resumption the first connection,
# the -sess_in one, or the first and -reconnect's six.
ossl_naccept() {
  case ${C[resume]} in
    0) echo 1 ;;
    reconnect) echo 7 ;;
    *) echo 2 ;;
  esac
}

peer_openssl_server_start() {
  local d=$PKI/${C[cert]} args
  args=(s_server -accept "127.0.0.1:$PORT" -naccept "$(ossl_naccept)" -quiet
        -cert "$d/server.pem" -cert_chain "$d/int.pem" -key "$d/server.key"
        $(ossl_group_args "${C[sgroups]}") -trace -msgfile "$CASE_DIR/srv.trace")
  if [ "${C[ver]}" = 1.2 ]; then
    args+=(-tls1_2 -cipher "$(ossl_cipher_name "${C[suite]}")")
  else
    args+=(-tls1_3 -ciphersuites "${C[suite]}")
  fi
  [ -n "${C[salpn]}" ] && args+=(-alpn "${C[salpn]}")
  case ${C[mtls]} in
    require) args+=(-Verify 5 -verify_return_error -CAfile "$PKI/client-ca/root.pem") ;;
    request) args+=(-verify 5 -verify_return_error -CAfile "$PKI/client-ca/root.pem") ;;
  esac
  if [ "${C[resume]}" != 0 ]; then
    # Two connections (the data may go over either): -rev answers every line reversed.
    args+=(-rev)
    ix_spawn /dev/null "$CASE_DIR/srv.out" "$CASE_DIR/srv.err" timeout 60 openssl "${args[@]}"
    SRV_MODE=rev
  else
    # s2c.bin goes out through stdin (a FIFO kept open until the case ends: EOF would end it).
    ix_spawn /dev/null /dev/null /dev/null ix_feeder "$CASE_DIR/srv.in" "$CASE_DIR/s2c.bin" "$CASE_DIR/stop" 60
    ix_spawn "$CASE_DIR/srv.in" "$CASE_DIR/srv.out" "$CASE_DIR/srv.err" timeout 60 openssl "${args[@]}"
    SRV_MODE=duplex
  fi
  SRV_PID=$IX_LAST_PID
  SRV_LOGS=("$CASE_DIR/srv.err" "$CASE_DIR/srv.trace")
  echo "openssl ${args[*]}" >"$CASE_DIR/srv.cmd"
}

# Builds the s_client argument list for the current case into OSSL_CLIENT_ARGS.
ossl_client_args() {
  OSSL_CLIENT_ARGS=(s_client -connect "127.0.0.1:$PORT" -servername "${C[sni]}"
        -verify_hostname "${C[sni]}" -verify_return_error -CAfile "$(case_trust_file)"
        $(ossl_group_args "${C[cgroups]}"))
  if [ "${C[ver]}" = 1.2 ]; then
    OSSL_CLIENT_ARGS+=(-tls1_2 -cipher "$(ossl_cipher_name "${C[suite]}")")
  else
    OSSL_CLIENT_ARGS+=(-tls1_3 -ciphersuites "${C[suite]}")
  fi
  [ -n "${C[calpn]}" ] && OSSL_CLIENT_ARGS+=(-alpn "${C[calpn]}")
  if [ "${C[ccert]}" != none ]; then
    OSSL_CLIENT_ARGS+=(-cert "$PKI/${C[ccert]}/client.pem" -key "$PKI/${C[ccert]}/client.key"
                       -cert_chain "$PKI/client-ca/int.pem")
  fi
  return 0
}

peer_openssl_client_start() {
  ossl_client_args
  local args=("${OSSL_CLIENT_ARGS[@]}" -trace -msgfile "$CASE_DIR/cli.trace"
              -quiet -no_ign_eof -nocommands)
  [ "${C[resume]}" = 1 ] && args+=(-sess_out "$CASE_DIR/session.pem")
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$CASE_DIR/cli.in" "$CASE_DIR/c2s.bin" "$CASE_DIR/cli.stop" 60
  ix_spawn "$CASE_DIR/cli.in" "$CASE_DIR/cli.out" "$CASE_DIR/cli.err" timeout 60 openssl "${args[@]}"
  CLI_PID=$IX_LAST_PID
  CLI_LOGS=("$CASE_DIR/cli.err" "$CASE_DIR/cli.trace")
  echo "openssl ${args[*]}" >"$CASE_DIR/cli.cmd"
}

peer_openssl_client_trailer() { printf 'DONE\n'; }
peer_openssl_payload_kind() { if [ "${C[resume]}" != 0 ]; then echo text; else echo binary; fi; }

# resume=1: a second connection resuming the session the first one saved (-sess_out and
# -sess_in). resume=reconnect: -reconnect (a full handshake, then five resumed ones).
peer_openssl_client_resume() {
  local extra want n
  ossl_client_args
  if [ "${C[resume]}" = reconnect ]; then
    extra=(-reconnect) want=5
  else
    extra=(-sess_in "$CASE_DIR/session.pem") want=1
  fi
  timeout 20 openssl "${OSSL_CLIENT_ARGS[@]}" "${extra[@]}" -no_ign_eof \
    </dev/null >"$CASE_DIR/cli2.out" 2>"$CASE_DIR/cli2.err" || true
  echo "openssl ${OSSL_CLIENT_ARGS[*]} ${extra[*]} -no_ign_eof </dev/null" >>"$CASE_DIR/cli.cmd"
  n=$(grep -c '^Reused,' "$CASE_DIR/cli2.out" || true)
  if [ "${n:-0}" -ge "$want" ]; then echo yes; else echo "no (${n:-0} of $want reused)"; fi >"$CASE_DIR/resumed"
}

peer_openssl_check() {
  local side=$1 n got trace dir
  if [ "$side" = server ]; then trace=$CASE_DIR/srv.trace dir=Sent; else trace=$CASE_DIR/cli.trace dir=Received; fi
  if [ "${C[hrr]}" = 1 ]; then
    n=$(ossl_trace_client_hellos "$trace")
    [ "${n:-0}" -ge 2 ] || { echo "openssl $side saw ${n:-0} ClientHello (expected 2: a HelloRetryRequest)"; return 1; }
  elif [ "${C[hrr]}" = no ]; then
    n=$(ossl_trace_client_hellos "$trace")
    [ "${n:-0}" -eq 1 ] || { echo "openssl $side saw ${n:-0} ClientHellos (expected 1: no HelloRetryRequest)"; return 1; }
  fi
  if [ -n "${C[alpn]}" ]; then
    got=$(ossl_trace_alpn "$trace" "$dir")
    [ "$got" = "${C[alpn]}" ] || { echo "openssl $side: ALPN selected '${got}', expected '${C[alpn]}'"; return 1; }
  fi
  if [ "$side" = client ] && [ "${C[resume]}" != 0 ]; then
    [ "$(cat "$CASE_DIR/resumed" 2>/dev/null)" = yes ] ||
      { echo "openssl s_client: the session was not reused: $(cat "$CASE_DIR/resumed" 2>/dev/null)"; return 1; }
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# gnutls-serv / gnutls-cli (GnuTLS 3.7)
# gnutls-serv has no listen-address option; run_interop.sh runs in a private network namespace
# (only a loopback interface) so its wildcard socket is reachable from 127.0.0.1 only.

peer_gnutls_supports() {
  case $1:$2 in
    ver:1.3 | ver:1.2) return 0 ;;
    suite:TLS_*) return 0 ;;  # GnuTLS 3.7 also does TLS_AES_128_CCM_8_SHA256 in TLS 1.3
    group:x25519 | group:secp256r1 | group:secp384r1 | group:secp521r1 | group:x448) return 0 ;;
    cert:ecdsa-p256 | cert:ecdsa-p384 | cert:rsa2048 | cert:ed25519) return 0 ;;
    feature:*) return 0 ;;
  esac
  return 1
}

peer_gnutls_server_start() {
  local d=$PKI/${C[cert]} args a
  args=(-p "$PORT" --echo --x509certfile "$d/server-chain.pem" --x509keyfile "$d/server.key"
        --priority "$(gnutls_priority server)")
  case ${C[mtls]} in
    require) args+=(--require-client-cert --verify-client-cert --x509cafile "$PKI/client-ca/root.pem") ;;
    request) args+=(--verify-client-cert --x509cafile "$PKI/client-ca/root.pem") ;;
    *) args+=(--disable-client-cert) ;;
  esac
  if [ -n "${C[salpn]}" ]; then
    IFS=, read -ra al <<<"${C[salpn]}"
    for a in "${al[@]}"; do args+=(--alpn "$a"); done
  fi
  [ "${C[hrr]}" != 0 ] && args+=(-d 4)
  ix_spawn /dev/null "$CASE_DIR/srv.log" "$CASE_DIR/srv.err" timeout 60 gnutls-serv "${args[@]}"
  SRV_PID=$IX_LAST_PID
  SRV_MODE=echo
  SRV_LOGS=("$CASE_DIR/srv.err" "$CASE_DIR/srv.log")
  echo "gnutls-serv ${args[*]}" >"$CASE_DIR/srv.cmd"
}

peer_gnutls_client_start() {
  local args a
  args=(-p "$PORT" 127.0.0.1 --x509cafile "$(case_trust_file)" --sni-hostname "${C[sni]}"
        --verify-hostname "${C[sni]}" --priority "$(gnutls_priority client)"
        --logfile "$CASE_DIR/cli.log")
  if [ "${C[ccert]}" != none ]; then
    args+=(--x509certfile "$PKI/${C[ccert]}/client-chain.pem" --x509keyfile "$PKI/${C[ccert]}/client.key")
  fi
  if [ -n "${C[calpn]}" ]; then
    IFS=, read -ra al <<<"${C[calpn]}"
    for a in "${al[@]}"; do args+=(--alpn "$a"); done
  fi
  [ "${C[hrr]}" != 0 ] && args+=(-d 4)
  # --resume: handshake, close, resume, then the data goes over the resumed connection.
  [ "${C[resume]}" != 0 ] && args+=(--resume --waitresumption)
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$CASE_DIR/cli.in" "$CASE_DIR/c2s.bin" "$CASE_DIR/cli.stop" 60
  ix_spawn "$CASE_DIR/cli.in" "$CASE_DIR/cli.out" "$CASE_DIR/cli.err" timeout 60 gnutls-cli "${args[@]}"
  CLI_PID=$IX_LAST_PID
  CLI_LOGS=("$CASE_DIR/cli.log" "$CASE_DIR/cli.err")
  echo "gnutls-cli ${args[*]}" >"$CASE_DIR/cli.cmd"
}

peer_gnutls_client_trailer() { :; }
peer_gnutls_client_resume() { :; }  # --resume did it in the same run
# gnutls-serv --echo treats what it gets as C strings (a NUL ends a chunk): send text.
peer_gnutls_payload_kind() { echo text; }

peer_gnutls_check() {
  local side=$1 got
  if [ "$side" = server ]; then
    if [ "${C[hrr]}" = 1 ]; then
      grep -qi "hello retry request" "$CASE_DIR/srv.err" 2>/dev/null ||
        { echo "gnutls-serv sent no HelloRetryRequest"; return 1; }
    elif [ "${C[hrr]}" = no ] && grep -qi "hello retry request" "$CASE_DIR/srv.err" 2>/dev/null; then
      echo "gnutls-serv sent a HelloRetryRequest"; return 1
    fi
  else
    if [ "${C[hrr]}" = 1 ]; then
      grep -q 'HELLO RETRY REQUEST.*was received' "$CASE_DIR/cli.err" 2>/dev/null ||
        { echo "gnutls-cli received no HelloRetryRequest"; return 1; }
    elif [ "${C[hrr]}" = no ] && grep -q 'HELLO RETRY REQUEST.*was received' "$CASE_DIR/cli.err" 2>/dev/null; then
      echo "gnutls-cli received a HelloRetryRequest"; return 1
    fi
    if [ -n "${C[alpn]}" ]; then
      got=$(sed -n 's/^- Application protocol: //p' "$CASE_DIR/cli.log" | tail -n 1)
      [ "$got" = "${C[alpn]}" ] || { echo "ALPN selected '${got}', expected '${C[alpn]}'"; return 1; }
    fi
    if [ "${C[resume]}" != 0 ]; then
      grep -q 'This is a resumed session' "$CASE_DIR/cli.log" ||
        { echo "gnutls-cli --resume: session not resumed"; return 1; }
    fi
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# tlskit server / client (the binary under test; flags per docs/cli.md and `tlskit server
# --help` / `tlskit client --help`): the server echoes by default and listens on 127.0.0.1;
# the client relays stdin to the server and the server's data to stdout (--quiet: nothing
# else on stdout) and closes when stdin ends.

peer_tlskit_supports() {
  case $1:$2 in
    ver:1.3 | ver:1.2) return 0 ;;  # TLS 1.2 cases run only with --tls12 (a later issue)
    suite:TLS_AES_* | suite:TLS_CHACHA20_* | suite:TLS_ECDHE_*) return 0 ;;
    group:x25519 | group:secp256r1 | group:secp384r1) return 0 ;;
    cert:ecdsa-p256 | cert:ecdsa-p384 | cert:rsa2048 | cert:ed25519) return 0 ;;
    feature:*) return 0 ;;
    *) return 1 ;;
  esac
}

# tlskit's version and suite flags for the current case.
tlskit_proto_args() {
  if [ "${C[ver]}" = 1.2 ]; then
    TLSKIT_PROTO_ARGS=(--tls1_2 --cipher "${C[suite]}")
  else
    TLSKIT_PROTO_ARGS=(--tls1_3 --ciphersuites "${C[suite]}")
  fi
}

peer_tlskit_server_start() {
  local d=$PKI/${C[cert]} args
  tlskit_proto_args
  args=(server --cert "$d/server-chain.pem" --key "$d/server.key" --bind 127.0.0.1
        --port "$PORT" $(tlskit_group_args "${C[sgroups]}") "${TLSKIT_PROTO_ARGS[@]}")
  [ -n "${C[salpn]}" ] && args+=(--alpn "${C[salpn]}")
  case ${C[mtls]} in
    require) args+=(--require-client-cert --client-ca "$PKI/client-ca/root.pem") ;;
    request) args+=(--request-client-cert --client-ca "$PKI/client-ca/root.pem") ;;
  esac
  ix_spawn /dev/null "$CASE_DIR/srv.log" "$CASE_DIR/srv.err" timeout 60 "$TLSKIT" "${args[@]}"
  SRV_PID=$IX_LAST_PID
  SRV_MODE=echo
  SRV_LOGS=("$CASE_DIR/srv.err" "$CASE_DIR/srv.log")
  echo "tlskit ${args[*]}" >"$CASE_DIR/srv.cmd"
}

peer_tlskit_client_start() {
  local args
  tlskit_proto_args
  args=(client "127.0.0.1:$PORT" --servername "${C[sni]}" --CAfile "$(case_trust_file)"
        $(tlskit_group_args "${C[cgroups]}") "${TLSKIT_PROTO_ARGS[@]}")
  [ -n "${C[calpn]}" ] && args+=(--alpn "${C[calpn]}")
  if [ "${C[ccert]}" != none ]; then
    args+=(--cert "$PKI/${C[ccert]}/client-chain.pem" --key "$PKI/${C[ccert]}/client.key")
  fi
  TLSKIT_CLIENT_ARGS=("${args[@]}")  # for the resumption probe
  args+=(--quiet)
  [ "${C[resume]}" = 1 ] && args+=(--sess-out "$CASE_DIR/session.pem")
  ix_spawn /dev/null /dev/null /dev/null ix_feeder "$CASE_DIR/cli.in" "$CASE_DIR/c2s.bin" "$CASE_DIR/cli.stop" 60
  ix_spawn "$CASE_DIR/cli.in" "$CASE_DIR/cli.out" "$CASE_DIR/cli.err" timeout 60 "$TLSKIT" "${args[@]}"
  CLI_PID=$IX_LAST_PID
  CLI_LOGS=("$CASE_DIR/cli.err")
  echo "tlskit ${args[*]}" >"$CASE_DIR/cli.cmd"
}

peer_tlskit_client_trailer() { :; }
# resume=1: a second connection offering the session the first saved (--sess-out, --sess-in);
# resume=reconnect: --reconnect (five more connections, each resuming). Judged from --json.
peer_tlskit_client_resume() {
  local extra want n
  if [ "${C[resume]}" = reconnect ]; then
    extra=(--reconnect) want=5
  else
    extra=(--sess-in "$CASE_DIR/session.pem") want=1
  fi
  timeout 30 "$TLSKIT" "${TLSKIT_CLIENT_ARGS[@]}" "${extra[@]}" --json </dev/null \
    >"$CASE_DIR/cli2.json" 2>"$CASE_DIR/cli2.err" || true
  echo "tlskit ${TLSKIT_CLIENT_ARGS[*]} ${extra[*]} --json </dev/null" >>"$CASE_DIR/cli.cmd"
  n=$(grep -cE '"resumed": *true' "$CASE_DIR/cli2.json" || true)
  if [ "${n:-0}" -ge "$want" ]; then echo yes; else echo "no (${n:-0} of $want resumed)"; fi >"$CASE_DIR/resumed"
}
peer_tlskit_payload_kind() { echo binary; }

peer_tlskit_check() {
  # The peer on the other side (openssl or gnutls) checks HRR and ALPN; tlskit's own report is
  # checked by the inspector's golden tests. Resumption is judged from tlskit's JSON report.
  if [ "$1" = client ] && [ "${C[resume]}" != 0 ]; then
    [ "$(cat "$CASE_DIR/resumed" 2>/dev/null)" = yes ] ||
      { echo "tlskit client: the session was not resumed: $(cat "$CASE_DIR/resumed" 2>/dev/null)"; return 1; }
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# python: Python 3's ssl module as a client (tests/interop/python_resume.py), for session reuse
# against tlskit server. A client only; it runs its own cases (ix_cases_<table>_python in
# cases.sh), not the shared tables. Both of its connections happen in one run of the script.

peer_python_supports() {
  case $1:$2 in
    ver:1.3 | ver:1.2) return 0 ;;
    # TLS 1.3: Python offers OpenSSL's three default suites and cannot narrow them.
    suite:TLS_AES_128_GCM_SHA256 | suite:TLS_AES_256_GCM_SHA384 | suite:TLS_CHACHA20_POLY1305_SHA256) return 0 ;;
    suite:TLS_ECDHE_*) return 0 ;;  # TLS 1.2: SSLContext.set_ciphers
    group:x25519 | group:secp256r1 | group:secp384r1) return 0 ;;  # among OpenSSL's defaults
    feature:shared-cases) return 1 ;;  # only ix_cases_<table>_python
    feature:client-resume | feature:client-reconnect-tls1.3) return 0 ;;
  esac
  return 1
}

peer_python_server_start() {
  echo "python is a client only"
  return 1
}

peer_python_client_start() {
  local args
  args=("$here/python_resume.py" --port "$PORT" --cafile "$(case_trust_file)"
        --servername "${C[sni]}" --tls "${C[ver]}" --data "$CASE_DIR/c2s.bin"
        --out "$CASE_DIR/cli.out" --report "$CASE_DIR/resumed")
  [ "${C[ver]}" = 1.2 ] && args+=(--cipher "$(ossl_cipher_name "${C[suite]}")")
  [ -n "${C[resume_sni]:-}" ] && args+=(--resume-servername "${C[resume_sni]}")
  [ "${C[resume_expect]:-resumed}" = full ] && args+=(--expect-full)
  ix_spawn /dev/null /dev/null "$CASE_DIR/cli.err" timeout 60 python3 "${args[@]}"
  CLI_PID=$IX_LAST_PID
  CLI_LOGS=("$CASE_DIR/cli.err")
  echo "python3 ${args[*]}" >"$CASE_DIR/cli.cmd"
}

peer_python_client_trailer() { :; }
peer_python_client_resume() { :; }  # the script's second connection did it
peer_python_payload_kind() { echo binary; }

peer_python_check() {
  [ "$1" = client ] || return 0
  case $(cat "$CASE_DIR/resumed" 2>/dev/null) in
    ok*) return 0 ;;
    *) echo "python client: $(cat "$CASE_DIR/resumed" 2>/dev/null || echo 'no report')"; return 1 ;;
  esac
}
