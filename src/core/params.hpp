// Model parameters: each declared with a type, default, range and help text (ParamSpec);
// values arrive validated in a ParamValues. Fault budgets are parameters too, declared in
// the "faults" section so that spec files keep them apart.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faultline {

enum class ParamType { Int, Bool, Choice };

struct ParamSpec {
  std::string name;
  std::string section;  // "params" or "faults": the spec-file section the key lives in
  ParamType type = ParamType::Int;
  std::string default_value;
  int64_t min = 0;  // Int only, inclusive
  int64_t max = 0;
  std::vector<std::string> choices;  // Choice only
  std::string help;

  static ParamSpec integer(std::string name, int64_t def, int64_t min, int64_t max,
                           std::string help, std::string section = "params");
  static ParamSpec boolean(std::string name, bool def, std::string help,
                           std::string section = "params");
  static ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices,
                          std::string help, std::string section = "params");

  // "integer in 1..9", "true or false", "one of: a, b"
  std::string accepted() const;
  // Parses and range-checks text; throws SpecError("<where>: key = 'text': expected ...").
  std::string validate(const std::string& text, const std::string& where) const;
};

// Parameter values by name, all validated against their ParamSpec.
// A boolean as spec files and --set spell it: true/yes/on/1 or false/no/off/0; nullopt for
// anything else. kBoolAccepted is the error text for the rest.
std::optional<bool> parse_bool(const std::string& text);
inline constexpr const char* kBoolAccepted = "true or false (or yes/no, on/off, 1/0)";

class ParamValues {
 public:
  ParamValues() = default;
  // Defaults for every spec, overridden by `given` (validated; unknown names throw).
  static ParamValues resolve(const std::vector<ParamSpec>& specs,
                             const std::map<std::string, std::string>& given,
                             const std::string& where);
  int64_t get_int(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::string& get(const std::string& name) const;
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace faultline
