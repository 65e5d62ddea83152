// A small streaming JSON writer for --json output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ph {

class JsonWriter {
  public:
    JsonWriter &begin_object();
    JsonWriter &end_object();
    JsonWriter &begin_array();
    JsonWriter &end_array();
    JsonWriter &key(std::string_view k);
    JsonWriter &value(std::string_view v);
    JsonWriter &value(const char *v) { return value(std::string_view(v)); }
    JsonWriter &value(uint64_t v);
    JsonWriter &value(int64_t v);
    JsonWriter &value(uint32_t v) { return value(static_cast<uint64_t>(v)); }
    JsonWriter &value(int v) { return value(static_cast<int64_t>(v)); }
    JsonWriter &value(bool v);
    JsonWriter &null();

    const std::string &str() const { return out_; }
    static std::string quote(std::string_view s);

  private:
    void sep();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element yet
    bool after_key_ = false;
};

}  // namespace ph
