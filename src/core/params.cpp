// Parameter declaration helpers, validation and typed access.
#include "core/params.hpp"

#include <charconv>

#include "core/errors.hpp"

namespace faultline {

ParamSpec ParamSpec::integer(std::string name, int64_t def, int64_t min, int64_t max,
                             std::string help, std::string section) {
  ParamSpec p;
  p.name = std::move(name);
  p.section = std::move(section);
  p.type = ParamType::Int;
  p.default_value = std::to_string(def);
  p.min = min;
  p.max = max;
  p.help = std::move(help);
  return p;
}

ParamSpec ParamSpec::boolean(std::string name, bool def, std::string help, std::string section) {
  ParamSpec p;
  p.name = std::move(name);
  p.section = std::move(section);
  p.type = ParamType::Bool;
  p.default_value = def ? "true" : "false";
  p.help = std::move(help);
  return p;
}

ParamSpec ParamSpec::choice(std::string name, std::string def, std::vector<std::string> choices,
                            std::string help, std::string section) {
  ParamSpec p;
  p.name = std::move(name);
  p.section = std::move(section);
  p.type = ParamType::Choice;
  p.default_value = std::move(def);
  p.choices = std::move(choices);
  p.help = std::move(help);
  return p;
}

std::string ParamSpec::accepted() const {
  switch (type) {
    case ParamType::Int:
      return "an integer in " + std::to_string(min) + ".." + std::to_string(max);
    case ParamType::Bool:
      return "true or false";
    case ParamType::Choice: {
      std::string s = "one of: ";
      for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
  }
  return "";
}

std::optional<bool> parse_bool(const std::string& text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

std::string ParamSpec::validate(const std::string& text, const std::string& where) const {
  auto fail = [&]() -> std::string {
    throw SpecError(where + ": " + section + "." + name + " = '" + quote_input(text) +
                    "': expected " + (type == ParamType::Bool ? kBoolAccepted : accepted()));
  };
  switch (type) {
    case ParamType::Int: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max) fail();
      return std::to_string(v);
    }
    case ParamType::Bool:
      if (auto b = parse_bool(text)) return *b ? "true" : "false";
      return fail();
    case ParamType::Choice:
      for (const auto& c : choices)
        if (c == text) return text;
      return fail();
  }
  return fail();
}

ParamValues ParamValues::resolve(const std::vector<ParamSpec>& specs,
                                 const std::map<std::string, std::string>& given,
                                 const std::string& where) {
  ParamValues out;
  for (const auto& s : specs) out.values_[s.name] = s.default_value;
  for (const auto& [name, text] : given) {
    const ParamSpec* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) throw SpecError(where + ": unknown parameter '" + name + "'");
    out.values_[name] = spec->validate(text, where);
  }
  return out;
}

int64_t ParamValues::get_int(const std::string& name) const { return std::stoll(get(name)); }

bool ParamValues::get_bool(const std::string& name) const { return get(name) == "true"; }

const std::string& ParamValues::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("parameter not declared: " + name);
  return it->second;
}

}  // namespace faultline
