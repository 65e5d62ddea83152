// Unit tests for phd's retry schedule (daemon/backoff.hpp).
#include <gtest/gtest.h>

#include "backoff.hpp"

using ph::daemon::Backoff;

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
