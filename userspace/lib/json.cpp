#include "json.hpp"

#include <cstdio>

namespace ph {

void JsonWriter::sep() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back())
            out_ += ',';
        first_.back() = false;
    }
}

JsonWriter &JsonWriter::begin_object() {
    sep();
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::end_object() {
    out_ += '}';
    first_.pop_back();
    return *this;
}

JsonWriter &JsonWriter::begin_array() {
    sep();
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view k) {
    sep();
    out_ += quote(k);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view v) {
    sep();
    out_ += quote(v);
    return *this;
}

JsonWriter &JsonWriter::value(uint64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
}

JsonWriter &JsonWriter::value(int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
}

JsonWriter &JsonWriter::value(bool v) {
    sep();
    out_ += v ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::null() {
    sep();
    out_ += "null";
    return *this;
}

std::string JsonWriter::quote(std::string_view s) {
    std::string o;
    o.reserve(s.size() + 2);
    o += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': o += "\\\""; break;
            case '\\': o += "\\\\"; break;
            case '\n': o += "\\n"; break;
            case '\t': o += "\\t"; break;
            case '\r': o += "\\r"; break;
            default:
                if (c < 0x20 || c >= 0x7f) {
                    // Bytes outside printable ASCII are escaped so that any
                    // (possibly non-UTF-8) kernel name stays valid JSON.
                    char b[8];
                    snprintf(b, sizeof(b), "\\u%04x", c);
                    o += b;
                } else {
                    o += static_cast<char>(c);
                }
        }
    }
    o += '"';
    return o;
}

}  // namespace ph
