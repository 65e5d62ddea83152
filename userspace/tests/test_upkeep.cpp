// Unit tests for phd's store upkeep (daemon/upkeep.cpp): the option
// parsers, the free-space floor with its hysteresis, driven by an
// injected free-space figure, and the ranges of events not stored.
#include <gtest/gtest.h>

#include "upkeep.hpp"

namespace {

using ph::daemon::SpaceGuard;

TEST(Upkeep, ParsesDurations) {
    constexpr uint64_t kSec = 1000000000ULL;
    EXPECT_EQ(ph::daemon::parse_duration("90d"), 90 * 86400 * kSec);
    EXPECT_EQ(ph::daemon::parse_duration("12h"), 12 * 3600 * kSec);
    EXPECT_EQ(ph::daemon::parse_duration("30m"), 30 * 60 * kSec);
    EXPECT_EQ(ph::daemon::parse_duration("45s"), 45 * kSec);
    EXPECT_EQ(ph::daemon::parse_duration("7"), 7 * kSec);
    EXPECT_FALSE(ph::daemon::parse_duration(""));
    EXPECT_FALSE(ph::daemon::parse_duration("d"));
    EXPECT_FALSE(ph::daemon::parse_duration("3w"));
    EXPECT_FALSE(ph::daemon::parse_duration("-1d"));
    EXPECT_FALSE(ph::daemon::parse_duration("99999999999999999d"));
}

TEST(Upkeep, ParsesSizes) {
    EXPECT_EQ(ph::daemon::parse_size("2G"), 2ULL << 30);
    EXPECT_EQ(ph::daemon::parse_size("512M"), 512ULL << 20);
    EXPECT_EQ(ph::daemon::parse_size("64K"), 64ULL << 10);
    EXPECT_EQ(ph::daemon::parse_size("1T"), 1ULL << 40);
    EXPECT_EQ(ph::daemon::parse_size("1000"), 1000u);
    EXPECT_FALSE(ph::daemon::parse_size("2GB"));
    EXPECT_FALSE(ph::daemon::parse_size("G"));
    EXPECT_FALSE(ph::daemon::parse_size("20000000000T"));
}

TEST(Upkeep, TheFloorStopsAndResumesWithHysteresis) {
    SpaceGuard g(64ULL << 20);
    EXPECT_TRUE(g.storing());
    EXPECT_EQ(g.update(100ULL << 20), SpaceGuard::kNone);
    EXPECT_EQ(g.update(64ULL << 20), SpaceGuard::kNone);  // at the floor: still storing
    EXPECT_EQ(g.update((64ULL << 20) - 1), SpaceGuard::kStopped);
    EXPECT_FALSE(g.storing());
    EXPECT_EQ(g.update(10ULL << 20), SpaceGuard::kNone);
    EXPECT_EQ(g.update(70ULL << 20), SpaceGuard::kNone);  // above the floor, below resume
    EXPECT_FALSE(g.storing());
    EXPECT_EQ(g.resume_at(), 80ULL << 20);
    EXPECT_EQ(g.update(80ULL << 20), SpaceGuard::kResumed);
    EXPECT_TRUE(g.storing());
    EXPECT_EQ(g.update(79ULL << 20), SpaceGuard::kNone);
}

TEST(Upkeep, ASmallFloorResumesAMebibyteAbove) {
    SpaceGuard g(1ULL << 20);
    EXPECT_EQ(g.update(0), SpaceGuard::kStopped);
    EXPECT_EQ(g.update((2ULL << 20) - 1), SpaceGuard::kNone);
    EXPECT_EQ(g.update(2ULL << 20), SpaceGuard::kResumed);
}

TEST(Upkeep, NoFloorNeverStops) {
    SpaceGuard g(0);
    EXPECT_EQ(g.update(0), SpaceGuard::kNone);
    EXPECT_TRUE(g.storing());
}

TEST(Upkeep, UnstoredEventsFormExactRanges) {
    ph::daemon::UnstoredRanges u;
    EXPECT_FALSE(u.add(10));
    EXPECT_FALSE(u.add(11));
    EXPECT_FALSE(u.add(12));
    auto closed = u.add(15);  // 13 and 14 were stored (or were other events)
    ASSERT_TRUE(closed);
    EXPECT_EQ(*closed, std::make_pair(uint64_t{10}, uint64_t{12}));
    auto last = u.close();
    ASSERT_TRUE(last);
    EXPECT_EQ(*last, std::make_pair(uint64_t{15}, uint64_t{15}));
    EXPECT_FALSE(u.close());
    EXPECT_EQ(u.total(), 4u);
}

TEST(Upkeep, StatvfsFreeReadsTheStoresFilesystem) {
    auto f = ph::daemon::statvfs_free("/tmp/ph.db");
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_GT(f.value(), 0u);
    EXPECT_FALSE(ph::daemon::statvfs_free("/nonexistent-dir/ph.db").ok());
}

}  // namespace
