// ByteReader and ByteWriter implementations.
#include "codec/byte_reader.h"
#include "codec/byte_writer.h"

namespace tlskit {

uint8_t ByteReader::u8() {
  if (!need(1)) return 0;
  return data_[pos_++];
}

uint16_t ByteReader::u16() {
  if (!need(2)) return 0;
  uint16_t v = static_cast<uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
  pos_ += 2;
  return v;
}

uint32_t ByteReader::u24() {
  if (!need(3)) return 0;
  uint32_t v = uint32_t{data_[pos_]} << 16 | uint32_t{data_[pos_ + 1]} << 8 | data_[pos_ + 2];
  pos_ += 3;
  return v;
}

uint32_t ByteReader::u32() {
  if (!need(4)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = v << 8 | data_[pos_ + i];
  pos_ += 4;
  return v;
}

uint64_t ByteReader::u64() {
  if (!need(8)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | data_[pos_ + i];
  pos_ += 8;
  return v;
}

ByteView ByteReader::bytes(size_t n) {
  if (!need(n)) return {};
  ByteView v = data_.subspan(pos_, n);
  pos_ += n;
  return v;
}

void ByteWriter::u16(uint16_t v) {
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::u24(uint32_t v) {
  if (v > 0xFFFFFF) failed_ = true;
  out_.push_back(static_cast<uint8_t>(v >> 16));
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::u32(uint32_t v) {
  for (int i = 3; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::u64(uint64_t v) {
  for (int i = 7; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

size_t ByteWriter::zeros(size_t n) {
  size_t at = out_.size();
  out_.resize(at + n, 0);
  return at;
}

ByteWriter::Prefix ByteWriter::open(uint8_t width) {
  ++open_count_;
  return Prefix{zeros(width), width};
}

void ByteWriter::close(Prefix p) {
  if (open_count_ == 0 || p.at + p.width > out_.size()) {
    failed_ = true;
    return;
  }
  --open_count_;
  size_t len = out_.size() - p.at - p.width;
  size_t max = p.width == 1 ? 0xFF : p.width == 2 ? 0xFFFF : 0xFFFFFF;
  if (len > max) {
    failed_ = true;
    return;
  }
  for (uint8_t i = 0; i < p.width; ++i)
    out_[p.at + i] = static_cast<uint8_t>(len >> (8 * (p.width - 1 - i)));
}

}  // namespace tlskit
