#!/usr/bin/env bash
# Generates the local test/demo PKI with the `openssl` command (used by `make run`, the interop
# tests and the benchmark). Idempotent and fast: does nothing when DIR is already complete and
# its leaf certificates are valid for at least another day.
#
# Usage: scripts/gen-pki.sh DIR
#
# Layout (all PEM; keys are unencrypted PKCS#8):
#   DIR/<type>/root.pem, root.key        a self-signed root CA           (type = key type)
#   DIR/<type>/int.pem, int.key          an intermediate CA (pathlen 0) signed by the root
#   DIR/<type>/server.pem, server.key    a server leaf signed by the intermediate:
#                                        CN=localhost, SAN DNS:localhost, IP:127.0.0.1,
#                                        DNS:alt.test (second name, for SNI tests); EKU serverAuth
#   DIR/<type>/server-chain.pem          server leaf + intermediate (what a server sends)
#   DIR/<type>/client.pem, client.key    a client leaf of this key type (EKU clientAuth),
#                                        signed by the client CA's intermediate
#   DIR/<type>/client-chain.pem          client leaf + client intermediate
#   DIR/client-ca/root.pem, int.pem      the client CA (ECDSA P-256): what a server trusts for mTLS
#   DIR/roots.pem                        all four server roots (a client CA file that trusts all)
#   DIR/MANIFEST                         what is where, with subjects and fingerprints
# Key types: ecdsa-p256, ecdsa-p384, rsa2048, ed25519.
set -euo pipefail

PKI_VERSION=1  # bump when the layout or the certificate profiles change (forces regeneration)
TYPES=(ecdsa-p256 ecdsa-p384 rsa2048 ed25519)

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
command -v openssl >/dev/null || { echo "gen-pki: the openssl command is missing (apt-get install openssl)" >&2; exit 1; }

# True when DIR holds a complete PKI of this version whose leaves stay valid for a day.
pki_complete() {
  local d=$1 t f
  [ "$(cat "$d/.complete" 2>/dev/null)" = "$PKI_VERSION" ] || return 1
  for t in "${TYPES[@]}"; do
    for f in root.pem root.key int.pem int.key server.pem server.key server-chain.pem \
             client.pem client.key client-chain.pem; do
      [ -s "$d/$t/$f" ] || return 1
    done
  done
  [ -s "$d/client-ca/root.pem" ] && [ -s "$d/client-ca/int.pem" ] && [ -s "$d/roots.pem" ] || return 1
  # One openssl call: the first leaf to expire is the same for all (same -days everywhere).
  openssl x509 -in "$d/ecdsa-p256/server.pem" -noout -checkend 86400 >/dev/null 2>&1
}

if pki_complete "$dir"; then
  exit 0
fi

parent=$(dirname "$dir")
mkdir -p "$parent"
work=$(mktemp -d "$parent/.gen-pki.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"

# Writes a new private key of the given type to $2.
genkey() {
  local type=$1 out=$2
  case $type in
    ecdsa-p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out" ;;
    ecdsa-p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$out" ;;
    rsa2048)    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out" ;;
    ed25519)    openssl genpkey -algorithm ED25519 -out "$out" ;;
    *) echo "gen-pki: unknown key type $type" >&2; return 1 ;;
  esac 2>/dev/null
}

# The digest flag for signing with a CA key of this type (Ed25519 signs without a digest).
digest_for() {
  case $1 in
    ecdsa-p384) echo "-sha384" ;;
    ed25519) echo "" ;;
    *) echo "-sha256" ;;
  esac
}

serial() { echo "0x$(openssl rand -hex 16)"; }

# Extension profiles, one file for all.
ext=$work/ext.cnf
cat >"$ext" <<'EOF'
[ req ]
distinguished_name = dn
[ dn ]

[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, DNS:alt.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ server_ec ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, DNS:alt.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = email:client@tlskit.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

# Self-signed root: $1 type, $2 dir, $3 CN.
make_root() {
  local type=$1 d=$2 cn=$3
  genkey "$type" "$d/root.key"
  # shellcheck disable=SC2046
  openssl req -x509 -new -key "$d/root.key" $(digest_for "$type") -subj "/O=tlskit test/CN=$cn" \
    -days 3650 -set_serial "$(serial)" -config "$ext" -extensions root -out "$d/root.pem" 2>/dev/null
}

# Issues a certificate: $1 subject key file, $2 subject DN, $3 extension section, $4 issuer
# cert, $5 issuer key, $6 issuer key type, $7 out, $8 days.
issue() {
  local key=$1 subj=$2 section=$3 ca=$4 cakey=$5 catype=$6 out=$7 days=$8
  local csr=$work/req.csr
  openssl req -new -key "$key" -subj "$subj" -out "$csr" 2>/dev/null
  # shellcheck disable=SC2046
  openssl x509 -req -in "$csr" -CA "$ca" -CAkey "$cakey" $(digest_for "$catype") \
    -set_serial "$(serial)" -days "$days" -extfile "$ext" -extensions "$section" \
    -out "$out" 2>/dev/null
}

# The client CA (ECDSA P-256): root and intermediate.
mkdir -p "$work/client-ca"
make_root ecdsa-p256 "$work/client-ca" "tlskit test client root"
genkey ecdsa-p256 "$work/client-ca/int.key"
issue "$work/client-ca/int.key" "/O=tlskit test/CN=tlskit test client intermediate" \
  intermediate "$work/client-ca/root.pem" "$work/client-ca/root.key" ecdsa-p256 \
  "$work/client-ca/int.pem" 3650

for t in "${TYPES[@]}"; do
  d=$work/$t
  mkdir -p "$d"
  make_root "$t" "$d" "tlskit test root $t"
  genkey "$t" "$d/int.key"
  issue "$d/int.key" "/O=tlskit test/CN=tlskit test intermediate $t" intermediate \
    "$d/root.pem" "$d/root.key" "$t" "$d/int.pem" 3650
  genkey "$t" "$d/server.key"
  section=server_ec
  [ "$t" = rsa2048 ] && section=server
  issue "$d/server.key" "/O=tlskit test/CN=localhost" "$section" \
    "$d/int.pem" "$d/int.key" "$t" "$d/server.pem" 825
  cat "$d/server.pem" "$d/int.pem" >"$d/server-chain.pem"
  genkey "$t" "$d/client.key"
  issue "$d/client.key" "/O=tlskit test/CN=tlskit test client $t" client \
    "$work/client-ca/int.pem" "$work/client-ca/int.key" ecdsa-p256 "$d/client.pem" 825
  cat "$d/client.pem" "$work/client-ca/int.pem" >"$d/client-chain.pem"
  cat "$d/root.pem" >>"$work/roots.pem"
done

# Sanity: every chain verifies (catches a broken profile at once, not in a test much later).
for t in "${TYPES[@]}"; do
  openssl verify -CAfile "$work/$t/root.pem" -untrusted "$work/$t/int.pem" -purpose sslserver \
    -verify_hostname localhost "$work/$t/server.pem" >/dev/null
  openssl verify -CAfile "$work/client-ca/root.pem" -untrusted "$work/client-ca/int.pem" \
    -purpose sslclient "$work/$t/client.pem" >/dev/null
done

{
  echo "tlskit test PKI (version $PKI_VERSION), generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by scripts/gen-pki.sh"
  for f in client-ca/root.pem client-ca/int.pem; do
    echo "$f: $(openssl x509 -in "$work/$f" -noout -subject -nameopt oneline)"
  done
  for t in "${TYPES[@]}"; do
    for f in root.pem int.pem server.pem client.pem; do
      echo "$t/$f: $(openssl x509 -in "$work/$t/$f" -noout -subject -nameopt oneline)" \
        "$(openssl x509 -in "$work/$t/$f" -noout -fingerprint -sha256 | sed 's/.*=/sha256=/')"
    done
  done
} >"$work/MANIFEST"
rm -f "$work/ext.cnf" "$work/req.csr"
chmod 0644 "$work"/*/*.key
echo "$PKI_VERSION" >"$work/.complete"

# Publish atomically; a concurrent run that won the race leaves a complete DIR behind.
rm -rf "$dir"
if ! mv -T "$work" "$dir" 2>/dev/null; then
  pki_complete "$dir" || { echo "gen-pki: could not create $dir" >&2; exit 1; }
fi
trap - EXIT
rm -rf "$work"
echo "gen-pki: test PKI ready in $dir"
