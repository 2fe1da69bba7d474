#!/usr/bin/env bash
# Regenerates the unit-test PKI in this folder with the openssl CLI (run by hand; the files
# are checked in so tests are deterministic). Tests derive their times from the certificates.
set -euo pipefail
cd "$(dirname "$0")"
rm -f ./*.pem ./*.der ./*.key ./*.srl ./*.csr index.txt*
cat > ext.cnf <<'X'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[inter]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
authorityInfoAccess=caIssuers;URI:http://ca.example.test/root.der,OCSP;URI:http://ocsp.example.test/
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:www.example.test,DNS:*.api.example.test,IP:192.0.2.10,IP:2001:db8::10,email:ops@example.test
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
authorityInfoAccess=caIssuers;URI:http://ca.example.test/inter.der,OCSP;URI:http://ocsp.example.test/
crlDistributionPoints=URI:http://crl.example.test/inter.crl
certificatePolicies=2.23.140.1.2.1
[responder]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=OCSPSigning
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
X
ec() { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null; }
sign() { openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" -days "$3" -extfile ext.cnf -extensions "$4" 2>/dev/null; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout root.key -out root.pem \
  -subj "/C=US/O=tlskit tests/CN=tlskit Test Root" -days 7300 -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
# A different root with the same name as root (another key): never the issuer of inter.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout impostor.key -out impostor.pem \
  -subj "/C=US/O=tlskit tests/CN=tlskit Test Root" -days 7300 -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
ec inter "/C=US/O=tlskit tests/CN=tlskit Test Intermediate"; sign inter root 3650 inter
ec leaf "/C=US/O=tlskit tests/CN=www.example.test"; sign leaf inter 825 leaf
ec revoked "/C=US/O=tlskit tests/CN=revoked.example.test"; sign revoked inter 825 leaf
ec responder "/C=US/O=tlskit tests/CN=tlskit OCSP Responder"; sign responder inter 825 responder
ec sha1leaf "/CN=sha1.example.test"
openssl x509 -req -sha1 -in sha1leaf.csr -CA inter.pem -CAkey inter.key -CAcreateserial -out sha1leaf.pem -days 825 \
  -extfile ext.cnf -extensions leaf 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout rsaleaf.key -out rsaleaf.csr -subj "/CN=rsa.example.test" 2>/dev/null
sign rsaleaf inter 825 leaf
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout self.key -out self.pem \
  -subj "/CN=self.example.test" -days 825 -addext subjectAltName=DNS:self.example.test 2>/dev/null
openssl req -x509 -newkey ed25519 -nodes -keyout ed.key -out ed25519.pem -subj "/CN=ed25519.example.test" -days 825 2>/dev/null
# CRL from the intermediate revoking `revoked`.
serial_of() { openssl x509 -in "$1.pem" -noout -serial | cut -d= -f2; }
exp_of() { date -u -d "$(openssl x509 -in "$1.pem" -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ; }
now=$(date -u +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t%s\tunknown\t/CN=www.example.test\n' "$(exp_of leaf)" "$(serial_of leaf)" > index.txt
printf 'R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=revoked.example.test\n' "$(exp_of revoked)" "$now" "$(serial_of revoked)" >> index.txt
cat > ca.cnf <<X
[ca]
default_ca=d
[d]
database=index.txt
crlnumber=crlnumber
default_md=sha256
default_crl_days=30
X
echo 01 > crlnumber
openssl ca -config ca.cnf -gencrl -keyfile inter.key -cert inter.pem -out inter.crl.pem 2>/dev/null
# OCSP responses: good (signed by the issuer), revoked (delegated responder), unknown.
ocsp() {
  openssl ocsp -issuer inter.pem -cert "$1.pem" -no_nonce -reqout req.der 2>/dev/null
  openssl ocsp -index index.txt -CA inter.pem -rsigner "$2.pem" -rkey "$2.key" -reqin req.der -respout "$3" -ndays 7 2>/dev/null
}
ocsp leaf inter ocsp_good.der
ocsp revoked responder ocsp_revoked.der
ocsp rsaleaf inter ocsp_unknown.der
rm -f req.der ./*.csr ./*.srl ca.cnf crlnumber* index.txt* ext.cnf ./*.key
