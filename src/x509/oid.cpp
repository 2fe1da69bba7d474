// OID names as OpenSSL prints them.
#include "x509/oid.h"

#include "codec/der_reader.h"

namespace tlskit::x509 {
namespace {

struct Known {
  std::string_view dotted;
  std::string_view short_name;
  std::string_view long_name;
};

// Short and long names follow OpenSSL's objects.txt so printed output matches `openssl x509`.
constexpr Known kKnown[] = {
    {"2.5.4.3", "CN", "commonName"},
    {"2.5.4.4", "SN", "surname"},
    {"2.5.4.5", "serialNumber", "serialNumber"},
    {"2.5.4.6", "C", "countryName"},
    {"2.5.4.7", "L", "localityName"},
    {"2.5.4.8", "ST", "stateOrProvinceName"},
    {"2.5.4.9", "street", "streetAddress"},
    {"2.5.4.10", "O", "organizationName"},
    {"2.5.4.11", "OU", "organizationalUnitName"},
    {"2.5.4.12", "title", "title"},
    {"2.5.4.13", "description", "description"},
    {"2.5.4.15", "businessCategory", "businessCategory"},
    {"2.5.4.17", "postalCode", "postalCode"},
    {"2.5.4.41", "name", "name"},
    {"2.5.4.42", "GN", "givenName"},
    {"2.5.4.43", "initials", "initials"},
    {"2.5.4.44", "generationQualifier", "generationQualifier"},
    {"2.5.4.45", "x500UniqueIdentifier", "x500UniqueIdentifier"},
    {"2.5.4.46", "dnQualifier", "dnQualifier"},
    {"2.5.4.65", "pseudonym", "pseudonym"},
    {"2.5.4.97", "organizationIdentifier", "organizationIdentifier"},
    {"1.2.840.113549.1.9.1", "emailAddress", "emailAddress"},
    {"0.9.2342.19200300.100.1.25", "DC", "domainComponent"},
    {"0.9.2342.19200300.100.1.1", "UID", "userId"},
    {"1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL", "jurisdictionLocalityName"},
    {"1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST", "jurisdictionStateOrProvinceName"},
    {"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC", "jurisdictionCountryName"},
    {"1.2.840.113549.1.1.1", "rsaEncryption", "rsaEncryption"},
    {"1.2.840.113549.1.1.10", "RSASSA-PSS", "rsassaPss"},
    {"1.2.840.10045.2.1", "id-ecPublicKey", "id-ecPublicKey"},
    {"1.3.101.112", "ED25519", "ED25519"},
    {"1.3.101.113", "ED448", "ED448"},
    {"1.2.840.10040.4.1", "DSA", "dsaEncryption"},
    {"1.2.840.10045.3.1.7", "prime256v1", "prime256v1"},
    {"1.3.132.0.34", "secp384r1", "secp384r1"},
    {"1.3.132.0.35", "secp521r1", "secp521r1"},
    {"1.2.840.10045.3.1.1", "prime192v1", "prime192v1"},
    {"1.2.840.113549.1.1.4", "RSA-MD5", "md5WithRSAEncryption"},
    {"1.2.840.113549.1.1.5", "RSA-SHA1", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.11", "RSA-SHA256", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "RSA-SHA384", "sha384WithRSAEncryption"},
    {"1.2.840.113549.1.1.13", "RSA-SHA512", "sha512WithRSAEncryption"},
    {"1.2.840.113549.1.1.14", "RSA-SHA224", "sha224WithRSAEncryption"},
    {"1.2.840.10045.4.1", "ecdsa-with-SHA1", "ecdsa-with-SHA1"},
    {"1.2.840.10045.4.3.1", "ecdsa-with-SHA224", "ecdsa-with-SHA224"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "ecdsa-with-SHA256"},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "ecdsa-with-SHA384"},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "ecdsa-with-SHA512"},
    {"1.2.840.10040.4.3", "DSA-SHA1", "dsaWithSHA1"},
    {"2.16.840.1.101.3.4.3.2", "dsa_with_SHA256", "dsa_with_SHA256"},
    {"1.3.14.3.2.26", "SHA1", "sha1"},
    {"2.16.840.1.101.3.4.2.1", "SHA256", "sha256"},
    {"2.16.840.1.101.3.4.2.2", "SHA384", "sha384"},
    {"2.16.840.1.101.3.4.2.3", "SHA512", "sha512"},
    {"1.2.840.113549.1.1.8", "MGF1", "mgf1"},
    {"2.5.29.14", "subjectKeyIdentifier", "X509v3 Subject Key Identifier"},
    {"2.5.29.15", "keyUsage", "X509v3 Key Usage"},
    {"2.5.29.17", "subjectAltName", "X509v3 Subject Alternative Name"},
    {"2.5.29.18", "issuerAltName", "X509v3 Issuer Alternative Name"},
    {"2.5.29.19", "basicConstraints", "X509v3 Basic Constraints"},
    {"2.5.29.20", "crlNumber", "X509v3 CRL Number"},
    {"2.5.29.21", "CRLReason", "X509v3 CRL Reason Code"},
    {"2.5.29.24", "invalidityDate", "Invalidity Date"},
    {"2.5.29.27", "deltaCRL", "X509v3 Delta CRL Indicator"},
    {"2.5.29.28", "issuingDistributionPoint", "X509v3 Issuing Distribution Point"},
    {"2.5.29.29", "certificateIssuer", "X509v3 Certificate Issuer"},
    {"2.5.29.30", "nameConstraints", "X509v3 Name Constraints"},
    {"2.5.29.31", "crlDistributionPoints", "X509v3 CRL Distribution Points"},
    {"2.5.29.32", "certificatePolicies", "X509v3 Certificate Policies"},
    {"2.5.29.32.0", "anyPolicy", "X509v3 Any Policy"},
    {"2.5.29.33", "policyMappings", "X509v3 Policy Mappings"},
    {"2.5.29.35", "authorityKeyIdentifier", "X509v3 Authority Key Identifier"},
    {"2.5.29.36", "policyConstraints", "X509v3 Policy Constraints"},
    {"2.5.29.37", "extendedKeyUsage", "X509v3 Extended Key Usage"},
    {"2.5.29.37.0", "anyExtendedKeyUsage", "Any Extended Key Usage"},
    {"2.5.29.46", "freshestCRL", "X509v3 Freshest CRL"},
    {"2.5.29.54", "inhibitAnyPolicy", "X509v3 Inhibit Any Policy"},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess", "Authority Information Access"},
    {"1.3.6.1.5.5.7.1.11", "subjectInfoAccess", "Subject Information Access"},
    {"1.3.6.1.5.5.7.48.1", "OCSP", "OCSP"},
    {"1.3.6.1.5.5.7.48.2", "caIssuers", "CA Issuers"},
    {"1.3.6.1.5.5.7.48.1.1", "basicOCSPResponse", "Basic OCSP Response"},
    {"1.3.6.1.5.5.7.48.1.2", "Nonce", "OCSP Nonce"},
    {"1.3.6.1.5.5.7.48.1.5", "noCheck", "OCSP No Check"},
    {"1.3.6.1.5.5.7.3.1", "serverAuth", "TLS Web Server Authentication"},
    {"1.3.6.1.5.5.7.3.2", "clientAuth", "TLS Web Client Authentication"},
    {"1.3.6.1.5.5.7.3.3", "codeSigning", "Code Signing"},
    {"1.3.6.1.5.5.7.3.4", "emailProtection", "E-mail Protection"},
    {"1.3.6.1.5.5.7.3.8", "timeStamping", "Time Stamping"},
    {"1.3.6.1.5.5.7.3.9", "OCSPSigning", "OCSP Signing"},
    {"2.16.840.1.113730.4.1", "nsSGC", "Netscape Server Gated Crypto"},
    {"1.3.6.1.5.5.7.2.1", "id-qt-cps", "Policy Qualifier CPS"},
    {"1.3.6.1.5.5.7.2.2", "id-qt-unotice", "Policy Qualifier User Notice"},
    {"1.3.6.1.4.1.11129.2.4.2", "ct_precert_scts", "CT Precertificate SCTs"},
    {"1.3.6.1.4.1.11129.2.4.3", "ct_precert_poison", "CT Precertificate Poison"},
    {"2.23.140.1.2.1", "", "2.23.140.1.2.1"},
};

}  // namespace

OidNames oid_names(ByteView oid) {
  std::string dotted = der::oid_to_string(oid);
  for (const auto& k : kKnown)
    if (k.dotted == dotted && !k.short_name.empty()) return {k.short_name, k.long_name};
  return {};
}

std::string oid_display(ByteView oid) {
  auto n = oid_names(oid);
  if (!n.long_name.empty()) return std::string(n.long_name);
  return der::oid_to_string(oid);
}

std::string oid_short(ByteView oid) {
  auto n = oid_names(oid);
  if (!n.short_name.empty()) return std::string(n.short_name);
  return der::oid_to_string(oid);
}

}  // namespace tlskit::x509
