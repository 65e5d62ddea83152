// Unit tests for phd's retry schedules (daemon/backoff.hpp, store_retry.hpp).
#include <gtest/gtest.h>

#include "backoff.hpp"
#include "store_retry.hpp"

using ph::daemon::Backoff;
using ph::daemon::StoreRetry;

TEST(Backoff, DoublesFromOneSecondToOneMinute) {
    Backoff b;
    EXPECT_FALSE(b.pending());
    EXPECT_FALSE(b.due(0));
    int64_t now = 0;
    const int64_t want[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (int64_t w : want) {
        EXPECT_EQ(b.failed(now), w);
        EXPECT_TRUE(b.pending());
        EXPECT_FALSE(b.due(now + w - 1));
        EXPECT_EQ(b.remaining(now + w - 1), 1);
        EXPECT_TRUE(b.due(now + w));
        now += w;
    }
    EXPECT_EQ(b.failures(), 9u);
}

TEST(Backoff, SuccessStartsOver) {
    Backoff b;
    b.failed(0);
    b.failed(1000);
    b.failed(3000);
    b.succeeded();
    EXPECT_FALSE(b.pending());
    EXPECT_FALSE(b.due(1000000));
    EXPECT_EQ(b.remaining(5), 0);
    EXPECT_EQ(b.failures(), 0u);
    EXPECT_EQ(b.failed(10000), 1000);
    EXPECT_TRUE(b.due(11000));
}

TEST(Backoff, CustomLimits) {
    Backoff b(100, 250);
    EXPECT_EQ(b.failed(0), 100);
    EXPECT_EQ(b.failed(0), 200);
    EXPECT_EQ(b.failed(0), 250);
    EXPECT_EQ(b.failed(0), 250);
    Backoff odd(500, 10);  // a maximum below the first wait is the first wait
    EXPECT_EQ(odd.failed(0), 500);
    EXPECT_EQ(odd.failed(0), 500);
}

// phd's schedule after a failed store write (store_retry.hpp).
TEST(StoreRetry, FailingUntilARetrySucceedsGivingUpAfterTheLimit) {
    StoreRetry r(1000, 30000, 3);
    EXPECT_FALSE(r.failing());
    EXPECT_FALSE(r.due(1000000));
    EXPECT_EQ(r.remaining(0), 0);
    EXPECT_EQ(r.failed(0), 1000);
    EXPECT_TRUE(r.failing());
    EXPECT_FALSE(r.due(999));
    EXPECT_EQ(r.remaining(400), 600);
    EXPECT_TRUE(r.due(1000));
    EXPECT_FALSE(r.give_up());
    // The retry stores again; failing once more continues the schedule.
    r.retrying();
    EXPECT_FALSE(r.failing());
    EXPECT_FALSE(r.due(5000));
    EXPECT_EQ(r.failed(1000), 2000);
    EXPECT_FALSE(r.give_up());
    r.retrying();
    EXPECT_EQ(r.failed(3000), 4000);
    EXPECT_EQ(r.failures(), 3u);
    EXPECT_TRUE(r.give_up());  // the third failure in a row
    r.retrying();
    EXPECT_FALSE(r.give_up());  // not while storing
    r.succeeded();
    EXPECT_FALSE(r.failing());
    EXPECT_EQ(r.failures(), 0u);
    EXPECT_EQ(r.failed(10000), 1000);  // a new failure starts over
    EXPECT_FALSE(r.give_up());
}

TEST(StoreRetry, TheWaitIsCapped) {
    StoreRetry r;  // 1 s, doubling, at most 30 s, giving up at the fifth
    int64_t waits[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (size_t i = 0; i < std::size(waits); ++i) {
        EXPECT_EQ(r.failed(0), waits[i]) << i;
        EXPECT_EQ(r.give_up(), i + 1 >= 5) << i;
        r.retrying();
    }
}
