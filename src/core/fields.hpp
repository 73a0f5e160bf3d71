// A state rendered as named fields ("a1.promised" = "2"): what traces print, diff and
// serialize to JSON. Models fill a FieldList in describe(); order is the model's.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace faultline {

struct Field {
  std::string name;
  std::string value;
  bool operator==(const Field&) const = default;
};

using FieldList = std::vector<Field>;

class FieldWriter {
 public:
  explicit FieldWriter(FieldList& out) : out_(out) {}
  void field(std::string name, std::string value) {
    out_.push_back({std::move(name), std::move(value)});
  }
  template <class Int>
    requires std::is_integral_v<Int>
  void field(std::string name, Int v) {
    field(std::move(name), std::to_string(v));
  }

 private:
  FieldList& out_;
};

}  // namespace faultline
