// TLS 1.2 records captured from OpenSSL 3.0.19 (s_client <-> s_server -tls1_2 -no_ticket on
// 127.0.0.1, ECDSA P-256 certificate, EMS on) through a logging proxy, with the master secret
// from -keylogfile. Generated once by the record helper; the handshake hashes and all checks
// were computed independently with Python hashlib/hmac and the `cryptography` package.
// Client records: Finished (seq 0), application data "hello tlskit\n" (seq 1), close_notify
// (seq 2). Server records: Finished (seq 0) [, close_notify (seq 1)].
#pragma once

namespace tlskit::testing {

struct Tls12Capture {
  const char* name;
  const char* suite;
  const char* client_random;
  const char* server_random;
  const char* master_secret;
  const char* hash_through_cke;        // Hash(ClientHello .. ClientKeyExchange)
  const char* hash_through_client_fin; // Hash(ClientHello .. client Finished)
  const char* client_records;          // after the client's ChangeCipherSpec
  const char* server_records;          // after the server's ChangeCipherSpec
};

inline constexpr Tls12Capture kTls12Captures[] = {
    {"gcm128", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "7133efee7b5952d5a88e3ad3fd19505270287118dd224f15edeb214f6eb444d1",
      "1453c31fc00787af4c1bb7acb4aceb2722521e79d7ff4e790aff66e43d98ddbb",
      "878e48b0305ff85822b4ac12e5ccdc573e6d33900eee7d7001fa674efb36152b6af385bea6e135938912d6f867ae3ff5",
      "dd96d588b930586c82cbe7ed0211a3c9863345df304dd44f12d0f2bd682d2e5e",
      "c111a9c4197c15cc723d1b2625955c02a15e405e074a668bf732b9061876a2ed",
      "16030300286bd454f6aef6bf8557346c456fa7088fcca51f3fcd57f25f254228844dc32ead8e4b436ef2b9dfc9170303"
      "00256bd454f6aef6bf866a8cae58fb10ac2cb6fb06755ea282ce2da2f1c9b9f1e450e8a875a2cd150303001a6bd454f6"
      "aef6bf8792badef60eba6bfeffc6c05fa14ffedc8c8d",
      "1603030028c3c7fe7427bbfac6e016aee20f85f6b9f9eeb4866b6da2d0debc4a872fb5a2d1d6e4ff5367bf38e2",
    },
    {"gcm256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "d8b4cc00622299eb194abac8985c9adf1f2092e66e60b3f21e88bc542ffebf1a",
      "52f78382fea93b5f545b1d7f013cf2c02e2170d6895bb8509553d20c53202cd1",
      "fae14ead16c5af8da4e907bf623d03eb739b880b5fe2f7307bd0bb12ca80c2258682af51453d2b6d9362f45b7229b94d",
      "5a6965be07567f6b55b60582c9efcdf4c67fd20317609836d06d70e0796ae7b6ae1c72b5571ca3a4c3bf822ea2b9b1b8",
      "2da5b739c8b518839a94f4e8a9d6e088779b3d7da705f61136467ad0997a8a6422046061c9a2f3455c338ad61eadee8a",
      "160303002832a7edbd35a9ecdbdacbfa3c71fef7317d3559248a53e17cdd7ca9d6daef21bcaed5365d977458cc170303"
      "002532a7edbd35a9ecdccfe5ec46ce1f793edf82e696a55ea679e3b2831122470e4937a49cef6f150303001a32a7edbd"
      "35a9ecdd84a90e54f1f40e7a922464d53db4918ac330",
      "1603030028afcb8c1e6c4bcc6006fa0bfc5544ac7f7a3d30b40ee3cd8f6beb4a40ec2dad21e37a46c89face715150303"
      "001aafcb8c1e6c4bcc613219d324cb0f0b83c69e571b97cca3384c5f",
    },
    {"chacha", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "0fef21e34581a839fcb5087cd18a0e523a28389bdfbb66b4bc721ea820686fb7",
      "be0132753b538f7e11ff56de8218adae77eedc6180bd9c87dfa8d6ce2271f95f",
      "e0c2c7bfc7abd4bb7ba219111be92e85679697c247a7a78757f534dc75049ac850ebe4305249dc59b11007ca468a44c8",
      "9a481295a90e38445d22e6ddc9db2b8865e481140844b8bdb0bb3477b4fa8a1b",
      "50f9373442e0e861bf07de8d4da14ab752bead0790c94b1667298ad074505ab8",
      "1603030020830e5c1b6cda08a3877bd161847fae5e837b9b5e16108591920b2eb35bf74bb3170303001d6d050c0045e7"
      "c8e0564de64946098db494b174d0c72036d003f5efd41d150303001220de3cb21ed91b80a68f7769c38bfeb808a3",
      "1603030020fbc5a818b9bf9ea9d51d7c166052b00a756acc3ba7d5bddd28e12ce891deec521503030012453b4c05ef28"
      "6e95602173adeaf5863c6ce5",
    },
};

}  // namespace tlskit::testing
