// The field diff between two rendered states (see field_diff.hpp).
#include "report/field_diff.hpp"

#include <map>
#include <optional>

namespace faultline {
namespace {

// Values per field name, and the names in first-appearance order.
struct Grouped {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> values;
};

Grouped group(const FieldList& fields) {
  Grouped g;
  for (const auto& f : fields) {
    auto& v = g.values[f.name];
    if (v.empty()) g.order.push_back(f.name);
    v.push_back(f.value);
  }
  return g;
}

// Elements of `a` not matched by an equal element of `b` (multiset difference, order kept).
std::vector<std::string> minus(const std::vector<std::string>& a, std::vector<std::string> b) {
  std::vector<std::string> out;
  for (const auto& x : a) {
    bool matched = false;
    for (auto it = b.begin(); it != b.end(); ++it)
      if (*it == x) {
        b.erase(it);
        matched = true;
        break;
      }
    if (!matched) out.push_back(x);
  }
  return out;
}

// The elements of a set-valued field rendered as "{a, b(c, d), e}" (commas inside brackets
// do not split), or nothing when `v` is not such a set.
std::optional<std::vector<std::string>> set_elements(const std::string& v) {
  if (v.size() < 2 || v.front() != '{' || v.back() != '}') return std::nullopt;
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
    if (b == std::string::npos) return false;
    out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
    return true;
  };
  for (size_t i = 1; i + 1 < v.size(); ++i) {
    char c = v[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth < 0) return std::nullopt;
    if (c == ',' && depth == 0) {
      if (!flush()) return std::nullopt;
      continue;
    }
    cur += c;
  }
  if (depth != 0) return std::nullopt;
  if (!flush() && !out.empty()) return std::nullopt;  // trailing comma
  return out;
}

// "name: 0 -> 2", or for two sets only the elements that changed: "name: + x, - y".
std::string change_line(const std::string& name, const std::string& before,
                        const std::string& after) {
  auto b = set_elements(before), a = set_elements(after);
  if (!b || !a) return name + ": " + before + " -> " + after;
  std::string parts;
  for (const auto& x : minus(*b, *a)) parts += (parts.empty() ? "- " : ", - ") + x;
  for (const auto& x : minus(*a, *b)) parts += (parts.empty() ? "+ " : ", + ") + x;
  if (parts.empty()) return name + ": " + before + " -> " + after;  // reordered only
  return name + ": " + parts;
}

}  // namespace

std::vector<FieldChange> field_changes(const FieldList& before, const FieldList& after) {
  Grouped b = group(before), a = group(after);
  std::vector<std::string> names = a.order;
  for (const auto& n : b.order)
    if (!a.values.count(n)) names.push_back(n);
  std::vector<FieldChange> out;
  static const std::vector<std::string> kNone;
  for (const auto& name : names) {
    auto bi = b.values.find(name);
    auto ai = a.values.find(name);
    const auto& bv = bi == b.values.end() ? kNone : bi->second;
    const auto& av = ai == a.values.end() ? kNone : ai->second;
    if (bv.size() == 1 && av.size() == 1) {
      if (bv[0] != av[0]) out.push_back({name, change_line(name, bv[0], av[0])});
      continue;
    }
    for (const auto& v : minus(bv, av)) out.push_back({name, "- " + name + " = " + v});
    for (const auto& v : minus(av, bv)) out.push_back({name, "+ " + name + " = " + v});
  }
  return out;
}

std::vector<std::string> diff_fields(const FieldList& before, const FieldList& after) {
  std::vector<std::string> out;
  for (auto& c : field_changes(before, after)) out.push_back("  " + std::move(c.line));
  return out;
}

}  // namespace faultline
