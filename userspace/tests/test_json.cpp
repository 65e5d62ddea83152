#include <gtest/gtest.h>

#include "json.hpp"

TEST(Json, NestedContainers) {
    ph::JsonWriter j;
    j.begin_object()
        .key("a")
        .value(1)
        .key("b")
        .begin_array()
        .value("x")
        .value(true)
        .null()
        .end_array()
        .key("c")
        .begin_object()
        .end_object()
        .end_object();
    EXPECT_EQ(j.str(), R"({"a":1,"b":["x",true,null],"c":{}})");
}

TEST(Json, EscapesControlAndNonAsciiBytes) {
    EXPECT_EQ(ph::JsonWriter::quote("a\"b\\c\n"), R"("a\"b\\c\n")");
    EXPECT_EQ(ph::JsonWriter::quote(std::string("\x01\xff", 2)), R"("\u0001\u00ff")");
}
