# The interop case tables (sourced). Each case is one line of key=value fields; fields left
# out take the defaults below. run_interop.sh runs every case whose version, suite, groups,
# certificate types and features both peers support, and SKIPs (does not fail) the others.
#
# Fields:
#   name     unique case name (shown in PASS/FAIL lines; --filter matches it)
#   ver      1.3 | 1.2
#   suite    the one cipher suite both sides allow (IANA name)
#   cgroups  the client's groups, in preference order (IANA names, comma-separated); clients
#            send a key share for the first (GnuTLS also for the first of the other curve kind)
#   sgroups  the server's groups
#   cert     server certificate type: ecdsa-p256 ecdsa-p384 rsa2048 ed25519 (scripts/gen-pki.sh)
#   trust    the root the client trusts: a type above, or "roots" (all four); default = cert
#   sni      the name the client sends and verifies (the leaf has localhost, 127.0.0.1, alt.test)
#   calpn    ALPN protocols the client offers (comma-separated), salpn the server's, alpn the
#            one the client must end up with (checked on the openssl/gnutls side)
#   mtls     none | request | require: the server asks for a client certificate (client CA:
#            scripts/gen-pki.sh's client-ca); ccert = the client certificate type, or none
#   hrr      1: a HelloRetryRequest must happen, no: it must not (checked on the openssl/gnutls
#            side); 0: not checked
#            (cgroups/sgroups "default": no group flag, each side's own defaults; tlskit's
#            offer X25519MLKEM768 and X25519 shares)
#   resume   0 | 1 | reconnect: the client resumes the session on another connection (openssl:
#            1 = -sess_out then -sess_in, reconnect = -reconnect; gnutls-cli: --resume)
#   bytes    payload size each way (random bytes; the client sends, the server echoes or
#            sends its own; both compared byte for byte)
#   expect   ok | fail: fail means the data must NOT get through (a refused handshake)

IX_DEFAULTS="ver=1.3 suite=TLS_AES_128_GCM_SHA256 cgroups=x25519 sgroups=x25519 cert=ecdsa-p256 \
trust= sni=localhost calpn= salpn= alpn= mtls=none ccert=none hrr=0 resume=0 bytes=20000 expect=ok"

IX_TLS13_SUITES=(TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256
                 TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256)
IX_GROUPS=(x25519 secp256r1 secp384r1)
IX_CERTS=(ecdsa-p256 ecdsa-p384 rsa2048 ed25519)

# Short names for case names.
ix_short() {
  local s=$1
  s=${s#TLS_}
  s=${s/_SHA256/}; s=${s/_SHA384/}
  s=${s/ECDHE_ECDSA_WITH_/ECDSA_}; s=${s/ECDHE_RSA_WITH_/RSA_}
  echo "$s"
}

# TLS 1.3 cases. $1 = "quick" for a covering subset of the matrix (every suite, group and
# certificate type at least once) instead of the full cross product.
ix_cases_tls13() {
  local quick=${1:-} s g c i=0
  # The matrix: suites x groups x certificate types, data both ways.
  for s in "${IX_TLS13_SUITES[@]}"; do
    for g in "${IX_GROUPS[@]}"; do
      for c in "${IX_CERTS[@]}"; do
        i=$((i + 1))
        # quick: a diagonal that still covers every value (5 suites x 3 groups x 4 certs).
        if [ "$quick" = quick ] && [ $(( i % 4 )) -ne 1 ]; then continue; fi
        echo "name=tls13_$(ix_short "$s")_${g}_$c suite=$s cgroups=$g sgroups=$g cert=$c"
      done
    done
  done
  # HelloRetryRequest: the client's first key share is for a group the server does not take.
  # (GnuTLS sends shares for the first group and the first of the other curve kind, hence
  # x25519,secp256r1 before secp384r1.) One per suite: the HRR transcript uses the suite's hash.
  for s in "${IX_TLS13_SUITES[@]}"; do
    echo "name=hrr_x25519_to_p384_$(ix_short "$s") suite=$s cgroups=x25519,secp256r1,secp384r1 sgroups=secp384r1 hrr=1"
  done
  echo "name=hrr_p256_to_p384 cgroups=secp256r1,secp384r1 sgroups=secp384r1 cert=rsa2048 hrr=1"
  echo "name=hrr_x25519_to_p256_mtls cgroups=x25519,secp384r1,secp256r1 sgroups=secp256r1 mtls=require ccert=ecdsa-p256 hrr=1"
  # Post-quantum defaults: tlskit offers X25519MLKEM768 and X25519 shares; a peer without
  # post-quantum support (OpenSSL 3.0, GnuTLS 3.7) takes X25519 with no HelloRetryRequest.
  echo "name=pq_defaults_no_hrr cgroups=default sgroups=default hrr=no"
  echo "name=pq_defaults_no_hrr_rsa cgroups=default sgroups=default hrr=no cert=rsa2048 suite=TLS_AES_256_GCM_SHA384"
  # Server group preference: both share x25519 in the first flight, no HRR.
  echo "name=groups_client_pref_many cgroups=x25519,secp256r1,secp384r1 sgroups=secp384r1,secp256r1,x25519"
  # ALPN.
  echo "name=alpn_http11 calpn=h2,http/1.1 salpn=http/1.1 alpn=http/1.1"
  echo "name=alpn_h2 calpn=h2,http/1.1 salpn=h2,http/1.1 alpn=h2 cert=rsa2048"
  # SNI: the second name on the leaf.
  echo "name=sni_alt_name sni=alt.test"
  echo "name=sni_wrong_name_refused sni=wrong.test expect=fail"
  echo "name=untrusted_root_refused cert=rsa2048 trust=ecdsa-p256 expect=fail"
  echo "name=trust_all_roots cert=ed25519 trust=roots"
  # mTLS: the server requires a client certificate, every client key type.
  for c in "${IX_CERTS[@]}"; do
    echo "name=mtls_require_client_$c mtls=require ccert=$c"
  done
  echo "name=mtls_require_server_rsa_client_ed25519 cert=rsa2048 mtls=require ccert=ed25519 suite=TLS_CHACHA20_POLY1305_SHA256"
  echo "name=mtls_request_no_cert mtls=request ccert=none"
  echo "name=mtls_require_no_cert_refused mtls=require ccert=none expect=fail"
  # Bulk: many full records each way.
  echo "name=bulk_256k_aes128 bytes=262144"
  echo "name=bulk_256k_chacha suite=TLS_CHACHA20_POLY1305_SHA256 bytes=262144"
  echo "name=tiny_1_byte bytes=1"
  # TLS 1.3 resumption (RFC 8446 §2.2): tickets after the handshake, then a PSK handshake.
  echo "name=resume_tls13 resume=1"
  echo "name=resume_tls13_reconnect resume=reconnect"
  echo "name=resume_tls13_sha384 suite=TLS_AES_256_GCM_SHA384 cert=rsa2048 resume=1"
}

# TLS 1.2 cases: the six ECDHE suites, resumption. Not registered as tests until tlskit has
# TLS 1.2 (run_interop.sh --tls12); the openssl/gnutls drivers already handle them.
# RFC 8422 §5.1: in TLS 1.2 the supported_groups also limit the curves of ECDSA certificates
# (the server's and a client's), so ECDSA rows list the certificate's curve on both sides.
ix_cases_tls12() {
  local s c g
  for s in TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 \
           TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256; do
    for c in ecdsa-p256 ecdsa-p384; do
      if [ "$c" = ecdsa-p256 ]; then g=secp256r1; else g=secp384r1; fi
      echo "name=tls12_$(ix_short "$s")_$c ver=1.2 suite=$s cert=$c cgroups=x25519,$g sgroups=x25519,$g"
    done
  done
  for s in TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 \
           TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256; do
    for g in "${IX_GROUPS[@]}"; do
      echo "name=tls12_$(ix_short "$s")_${g}_rsa2048 ver=1.2 suite=$s cert=rsa2048 cgroups=$g sgroups=$g"
    done
  done
  local e="ver=1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 cgroups=secp256r1,x25519 sgroups=secp256r1,x25519"
  echo "name=tls12_ecdhe_p256_only $e cgroups=secp256r1 sgroups=secp256r1"
  echo "name=tls12_alpn $e calpn=h2,http/1.1 salpn=http/1.1 alpn=http/1.1"
  echo "name=tls12_sni_alt_name $e sni=alt.test"
  echo "name=tls12_untrusted_root_refused $e trust=ed25519 expect=fail"
  echo "name=tls12_mtls_rsa_server_ecdsa_client ver=1.2 suite=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 cert=rsa2048 cgroups=x25519,secp256r1 sgroups=x25519,secp256r1 mtls=require ccert=ecdsa-p256"
  echo "name=tls12_mtls_ecdsa_server_rsa_client $e mtls=require ccert=rsa2048"
  echo "name=tls12_mtls_no_cert_refused $e mtls=require expect=fail"
  echo "name=tls12_resume_ecdsa $e resume=1"
  echo "name=tls12_resume_reconnect $e resume=reconnect"
  echo "name=tls12_resume_rsa ver=1.2 suite=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 cert=rsa2048 resume=1"
  echo "name=tls12_bulk_256k_chacha ver=1.2 suite=TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 cert=rsa2048 bytes=262144"
}

# ---- BEGIN python client cases (tests/interop/python_resume.py) ------------------------------
# Python 3's ssl module (stdlib) as the client: session reuse through SSLSocket.session. The
# python client runs only these cases (not the tables above) and no other client runs them
# (run_interop.sh adds ix_cases_<table>_<client> for that client alone). The client connects
# twice: a full handshake that sends the payload and reads the echo (so the TLS 1.3 tickets
# arrive), then a connection offering the saved session, which must resume and echo too.
# Python cannot narrow its TLS 1.3 suites or its groups: the server's suite and groups decide.
# Two fields only these cases use (read with defaults, not in IX_DEFAULTS):
#   resume_sni     the second connection's SNI (default: sni)
#   resume_expect  resumed | full: what the second connection must get (default: resumed)
ix_cases_tls13_python() {
  echo "name=python_resume_tls13 resume=1"
  echo "name=python_resume_tls13_aes256_rsa suite=TLS_AES_256_GCM_SHA384 cert=rsa2048 resume=1"
  # Control: another name must not resume (RFC 8446 §4.6.1, RFC 6066 §3): a full handshake.
  echo "name=python_resume_tls13_other_sni_full resume=1 resume_sni=alt.test resume_expect=full"
}
ix_cases_tls12_python() {
  local e="ver=1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 cgroups=secp256r1,x25519 sgroups=secp256r1,x25519"
  echo "name=python_resume_tls12 $e resume=1"
  echo "name=python_resume_tls12_rsa ver=1.2 suite=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 cert=rsa2048 resume=1"
  echo "name=python_resume_tls12_other_sni_full $e resume=1 resume_sni=alt.test resume_expect=full"
}
# ---- END python client cases ------------------------------------------------------------------
