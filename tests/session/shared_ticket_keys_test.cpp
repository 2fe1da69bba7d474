// TicketKeys::from_source with an in-memory TicketKeySource (no network): which key seals in
// which period, when the source is asked again, and what is kept while it fails or after it
// lost its keys. The Redis source itself is tested in tests/redis.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "crypto/provider.h"
#include "session/ticket_key_source.h"
#include "session/ticket_keys.h"

namespace tlskit::session {
namespace {

const crypto::Provider& P() { return crypto::default_provider(); }

constexpr uint32_t kInterval = 100;
constexpr uint32_t kLifetime = 150;  // two previous periods cover it
constexpr int64_t kT0 = 1700000000;   // a period start (multiple of 100)

// Keys per period made on first request, like Redis' SET NX; can fail and forget its keys.
class FakeSource final : public TicketKeySource {
 public:
  Result<SharedTicketKeys> fetch(int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++fetches;
    if (failing)
      return make_error(ErrorCode::connection_refused, Alert::internal_error, Party::network,
                        Step::none, "fake source down");
    SharedTicketKeys k;
    k.period = ticket_key_period(now, kInterval);
    k.rotation_interval = kInterval;
    k.current = key(k.period);
    k.next = key(k.period + 1);
    for (int64_t p = k.period - 1; p >= k.period - 2; --p)
      if (keys_.count(p)) k.previous.push_back(keys_.at(p));
    return k;
  }
  uint32_t rotation_interval() const override { return kInterval; }
  void forget() {
    std::lock_guard<std::mutex> lock(mu_);
    keys_.clear();
  }
  int fetches = 0;
  bool failing = false;

 private:
  TicketKeyMaterial key(int64_t period) {
    auto it = keys_.find(period);
    if (it != keys_.end()) return it->second;
    TicketKeyMaterial m;
    rng_.fill(m.name);
    m.key = SecretBytes(kTicketKeySize);
    rng_.fill(m.key.mutable_view());
    m.created = period * kInterval;
    return keys_.emplace(period, m).first->second;
  }
  std::mutex mu_;
  DeterministicRng rng_{3};
  std::map<int64_t, TicketKeyMaterial> keys_;
};

std::array<uint8_t, kTicketKeyNameSize> name_of(const Bytes& t) {
  std::array<uint8_t, kTicketKeyNameSize> n{};
  std::copy(t.begin(), t.begin() + kTicketKeyNameSize, n.begin());
  return n;
}

struct Fleet {
  std::shared_ptr<FakeSource> source = std::make_shared<FakeSource>();
  DeterministicRng rng{4};
  std::shared_ptr<TicketKeys> make(int64_t now) {
    TicketKeyOptions o;
    o.ticket_lifetime = kLifetime;
    auto k = TicketKeys::from_source(P(), source, now, o);
    EXPECT_TRUE(k.ok()) << k.error().to_string();
    return k.ok() ? *k : nullptr;
  }
  Bytes seal(TicketKeys& k, int64_t now) {
    auto t = k.seal(Bytes(20, 0x33), rng, now);
    EXPECT_TRUE(t.ok()) << t.error().to_string();
    return t.ok() ? *t : Bytes(kTicketOverhead, 0);
  }
};

TEST(SharedTicketKeys, SealsWithThePeriodKeyAndAsksOncePerPeriod) {
  Fleet f;
  auto a = f.make(kT0);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->shared());
  EXPECT_EQ(a->options().rotation_interval, kInterval);
  EXPECT_EQ(f.source->fetches, 1);
  Bytes t1 = f.seal(*a, kT0 + 10);
  Bytes t2 = f.seal(*a, kT0 + 50);
  EXPECT_EQ(name_of(t1), name_of(t2));
  EXPECT_EQ(f.source->fetches, 1);  // same period, before the recheck: no new fetch
  Bytes t3 = f.seal(*a, kT0 + kInterval);
  EXPECT_NE(name_of(t3), name_of(t1));
  EXPECT_EQ(f.source->fetches, 2);
  auto old = a->open(t1, kT0 + kInterval + 1);
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->renew);
  EXPECT_FALSE(a->open(t3, kT0 + kInterval + 1)->renew);
  EXPECT_FALSE(a->rotate(f.rng, kT0).ok());  // rotation belongs to the source
}

TEST(SharedTicketKeys, ARecheckWithinAPeriodPicksUpNewKeysAndKeepsTheOldOnes) {
  Fleet f;
  auto a = f.make(kT0);
  Bytes before = f.seal(*a, kT0 + 1);
  f.source->forget();  // the store lost its keys and makes new ones
  auto b = f.make(kT0 + 2);
  EXPECT_NE(a->current_name(), b->current_name());
  // a converges at its recheck (60 s) and still opens what it sealed with the lost key.
  Bytes after = f.seal(*a, kT0 + 61);
  EXPECT_EQ(a->current_name(), b->current_name());
  EXPECT_EQ(name_of(after), b->current_name());
  EXPECT_TRUE(a->open(before, kT0 + 62).has_value());
  EXPECT_TRUE(b->open(after, kT0 + 62).has_value());
}

TEST(SharedTicketKeys, AFailingSourceLeavesTheHeldKeysAndIsRetriedOncePerSecond) {
  Fleet f;
  auto a = f.make(kT0);
  Bytes current = f.seal(*a, kT0 + 1);
  f.source->failing = true;
  const int before = f.source->fetches;
  // Next period: the "next" key held since the start seals; the old tickets still open.
  Bytes next = f.seal(*a, kT0 + kInterval + 5);
  EXPECT_NE(name_of(next), name_of(current));
  EXPECT_EQ(f.source->fetches, before + 1);
  for (int i = 0; i < 5; ++i) f.seal(*a, kT0 + kInterval + 5);  // same second: not asked again
  EXPECT_EQ(f.source->fetches, before + 1);
  f.seal(*a, kT0 + kInterval + 6);
  EXPECT_EQ(f.source->fetches, before + 2);
  EXPECT_TRUE(a->open(current, kT0 + kInterval + 6).has_value());
  EXPECT_TRUE(a->open(next, kT0 + kInterval + 6).has_value());
  // Far beyond: still the newest key held; its own tickets open for their lifetime.
  Bytes late = f.seal(*a, kT0 + 10 * kInterval);
  EXPECT_EQ(name_of(late), name_of(next));
  EXPECT_TRUE(a->open(late, kT0 + 10 * kInterval).has_value());

  f.source->failing = false;
  Bytes back = f.seal(*a, kT0 + 10 * kInterval + 1);
  EXPECT_NE(name_of(back), name_of(next));
  EXPECT_TRUE(a->open(late, kT0 + 10 * kInterval + 2).has_value());  // kept while alive
}

TEST(SharedTicketKeys, TheFirstFetchMustSucceed) {
  Fleet f;
  f.source->failing = true;
  TicketKeyOptions o;
  auto k = TicketKeys::from_source(P(), f.source, kT0, o);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, ErrorCode::connection_refused);
  o.ticket_lifetime = 8 * 24 * 3600;
  f.source->failing = false;
  EXPECT_EQ(TicketKeys::from_source(P(), f.source, kT0, o).error().code, ErrorCode::config_invalid);
}

TEST(SharedTicketKeys, ExpiredKeysStopOpening) {
  Fleet f;
  auto a = f.make(kT0);
  Bytes t = f.seal(*a, kT0 + kInterval - 1);
  EXPECT_TRUE(a->open(t, kT0 + kInterval + kLifetime).has_value());
  EXPECT_FALSE(a->open(t, kT0 + 4 * kInterval).has_value());
  Bytes tampered = f.seal(*a, kT0 + 4 * kInterval);
  tampered.back() ^= 1;
  EXPECT_FALSE(a->open(tampered, kT0 + 4 * kInterval).has_value());
}

}  // namespace
}  // namespace tlskit::session
