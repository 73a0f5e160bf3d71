// Counterexample text renderer and the field diff it uses.
#include "report/trace_text.hpp"

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

// "  name: 0 -> 2", or for two sets only the elements that changed: "  name: + x, - y".
std::string change_line(const std::string& name, const std::string& before,
                        const std::string& after) {
  auto b = set_elements(before), a = set_elements(after);
  if (!b || !a) return "  " + name + ": " + before + " -> " + after;
  std::string parts;
  for (const auto& x : minus(*b, *a)) parts += (parts.empty() ? "- " : ", - ") + x;
  for (const auto& x : minus(*a, *b)) parts += (parts.empty() ? "+ " : ", + ") + x;
  if (parts.empty()) return "  " + name + ": " + before + " -> " + after;  // reordered only
  return "  " + name + ": " + parts;
}

}  // namespace

std::vector<std::string> diff_fields(const FieldList& before, const FieldList& after) {
  Grouped b = group(before), a = group(after);
  std::vector<std::string> names = a.order;
  for (const auto& n : b.order)
    if (!a.values.count(n)) names.push_back(n);
  std::vector<std::string> out;
  static const std::vector<std::string> kNone;
  for (const auto& name : names) {
    auto bi = b.values.find(name);
    auto ai = a.values.find(name);
    const auto& bv = bi == b.values.end() ? kNone : bi->second;
    const auto& av = ai == a.values.end() ? kNone : ai->second;
    if (bv.size() == 1 && av.size() == 1) {
      if (bv[0] != av[0]) out.push_back(change_line(name, bv[0], av[0]));
      continue;
    }
    for (const auto& v : minus(bv, av)) out.push_back("  - " + name + " = " + v);
    for (const auto& v : minus(av, bv)) out.push_back("  + " + name + " = " + v);
  }
  return out;
}

void write_fields(std::ostream& out, const FieldList& fields) {
  for (const auto& field : fields) out << "  " << field.name << " = " << field.value << "\n";
}

void write_changes(std::ostream& out, const FieldList& before, const FieldList& after) {
  auto lines = diff_fields(before, after);
  if (lines.empty()) out << "  (no change)\n";
  for (const auto& l : lines) out << l << "\n";
}

void write_trace_text(std::ostream& out, const Finding& f) {
  const auto& t = f.trace;
  const size_t n = t.steps.size();
  const std::string steps = std::to_string(n) + (n == 1 ? " step" : " steps");
  if (f.kind == "goal")
    out << "witness for goal " << f.property << " (" << steps << "):\n";
  else if (f.kind == "deadlock")
    out << "trace to deadlock (" << steps << "):\n";
  else
    out << "counterexample (" << steps << "):\n";

  out << "step 0: initial state\n";
  write_fields(out, t.initial);
  const FieldList* prev = &t.initial;
  for (size_t i = 0; i < n; ++i) {
    out << "step " << i + 1 << ": " << t.steps[i].label << "\n";
    write_changes(out, *prev, t.steps[i].state);
    prev = &t.steps[i].state;
  }

  const std::string desc = f.description.empty() ? "" : " \u2014 " + f.description;
  if (f.kind == "goal")
    out << "reached: " << f.property << desc << "\n";
  else if (f.kind == "deadlock")
    out << "deadlock: "
        << (f.description.empty() ? "no action is enabled in the last state" : f.description)
        << "\n";
  else
    out << "violated: " << f.property << desc << "\n";
  if (!f.reason.empty()) out << "because: " << f.reason << "\n";
}

}  // namespace faultline
