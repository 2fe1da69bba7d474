// zlib (RFC 1950) for certificate compression (RFC 8879 §4). zlib's decoder needs a fixed
// ~40 KiB (its state and a 32 KiB window) besides the output.
#include <zlib.h>

#include <string>

#include "compress/codecs.h"

namespace tlskit::compress::detail {

Failure zlib_decompress(ByteView in, MutableByteView out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return "zlib could not start a decoder";
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  if (rc == Z_BUF_ERROR && z.avail_out == 0 && z.avail_in > 0) {
    // The output is full but the stream is not over: one more byte tells a longer stream from
    // a trailer (the Adler-32 check) that still has to be read.
    uint8_t probe = 0;
    z.next_out = &probe;
    z.avail_out = 1;
    rc = inflate(&z, Z_FINISH);
    if (z.avail_out == 0) {
      inflateEnd(&z);
      return "it decodes to more than the declared length";
    }
  }
  Failure why;
  if (rc == Z_STREAM_END) {
    if (z.total_out != out.size())
      why = "it decodes to " + std::to_string(z.total_out) + " bytes, fewer than declared";
    else if (z.avail_in != 0)
      why = std::to_string(z.avail_in) + " bytes follow the end of the zlib stream";
  } else if (rc == Z_BUF_ERROR || rc == Z_OK) {
    why = "the zlib stream is truncated";
  } else {
    why = std::string("corrupt zlib stream") + (z.msg ? std::string(": ") + z.msg : "");
  }
  inflateEnd(&z);
  return why;
}

bool zlib_compress(ByteView in, Bytes& out, std::string* why) {
  uLongf size = compressBound(static_cast<uLong>(in.size()));
  out.resize(size);
  const int rc = compress2(out.data(), &size, in.data(), static_cast<uLong>(in.size()),
                           Z_BEST_COMPRESSION);
  if (rc != Z_OK) {
    *why = "zlib error " + std::to_string(rc);
    return false;
  }
  out.resize(size);
  return true;
}

}  // namespace tlskit::compress::detail
