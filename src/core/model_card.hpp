// A model's registration, declared once next to the model: name, summary, parameters bound to
// the fields of its configuration, variants from one table, and the checks across parameters.
// make_model_info<Model>(card) (trace/typed_runner.hpp) turns a card into the ModelInfo that
// the CLI lists, describes and runs:
//
//   const ModelCard<Config, Variant> card = {
//       .name = "two-phase",
//       .summary = "...",
//       .params = {int_param("rms", &Config::rms, 3, 1, 6, "number of resource managers"),
//                  dist::fault_params(&Config::faults)},
//       .variant = &Config::variant,
//       .variants = {{"correct", Variant::Correct, "the protocol as published"}, ...},
//   };
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/model_info.hpp"
#include "core/params.hpp"

namespace faultline {

// Parameter keys and how their validated values set a configuration.
template <class Config>
struct ConfigParam {
  std::vector<ParamSpec> specs;
  std::function<void(Config&, const ParamValues&)> read;
};

// An integer key bound to an integral field (the range must fit the field's type).
template <class Config, class T>
ConfigParam<Config> int_param(const std::string& name, T Config::*field, int64_t def,
                              int64_t min, int64_t max, std::string help,
                              std::string section = "params") {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "an integer field");
  if (min < int64_t{std::numeric_limits<T>::min()} ||
      (max > 0 && uint64_t(max) > uint64_t{std::numeric_limits<T>::max()}))
    throw std::logic_error("parameter " + name + ": range " + std::to_string(min) + ".." +
                           std::to_string(max) + " does not fit its field");
  return {{ParamSpec::integer(name, def, min, max, std::move(help), std::move(section))},
          [name, field](Config& c, const ParamValues& v) {
            c.*field = static_cast<T>(v.get_int(name));
          }};
}

// A true/false key bound to a bool field.
template <class Config>
ConfigParam<Config> bool_param(const std::string& name, bool Config::*field, bool def,
                               std::string help, std::string section = "params") {
  return {{ParamSpec::boolean(name, def, std::move(help), std::move(section))},
          [name, field](Config& c, const ParamValues& v) { c.*field = v.get_bool(name); }};
}

// A key with named choices, each setting the field to its value; the first is the default.
template <class Config, class T>
ConfigParam<Config> choice_param(const std::string& name, T Config::*field,
                                 std::vector<std::pair<std::string, T>> choices, std::string help,
                                 std::string section = "params") {
  std::vector<std::string> names;
  for (const auto& [n, value] : choices) names.push_back(n);
  ParamSpec spec = ParamSpec::choice(name, names.at(0), names, std::move(help), std::move(section));
  return {{std::move(spec)}, [name, field, choices](Config& c, const ParamValues& v) {
            for (const auto& [n, value] : choices)
              if (n == v.get(name)) c.*field = value;
          }};
}

// `param` with the help text of its key `key` replaced (a model's own meaning of a shared key).
template <class Config>
ConfigParam<Config> with_help(ConfigParam<Config> param, const std::string& key, std::string help) {
  for (auto& spec : param.specs)
    if (spec.name == key) spec.help = help;
  return param;
}

// One variant of a model: its name as specs write it, the value it sets, and its help text.
template <class V>
struct VariantCase {
  std::string name;
  V value;
  std::string help;
};
// The variant type of a model with one variant ("correct") and no field for it.
struct NoVariants {};

template <class Config, class V = NoVariants>
struct ModelCard {
  std::string name;
  std::string summary;
  std::vector<ConfigParam<Config>> params;  // "params" and "faults" keys, in listing order
  V Config::*variant = nullptr;             // the field a variant sets; none with NoVariants
  std::vector<VariantCase<V>> variants;     // the first is the correct protocol
  std::function<void(const Config&)> check = nullptr;  // constraints across keys; SpecError

  // The configuration for validated values and a variant name; SpecError names an unknown
  // variant (and the accepted ones) or a failed check.
  Config config(const ParamValues& values, const std::string& variant_name) const {
    Config c{};
    for (const auto& p : params) p.read(c, values);
    const VariantCase<V>* chosen = nullptr;
    std::string accepted;
    for (const auto& v : variants) {
      if (v.name == variant_name) chosen = &v;
      accepted += (accepted.empty() ? "" : ", ") + v.name;
    }
    if (!chosen)
      throw SpecError("model.variant = '" + variant_name + "': not a variant of " + name +
                      " (accepted: " + accepted + ")");
    if (variant) c.*variant = chosen->value;
    if (check) check(c);
    return c;
  }

  // The type-erased description, with `make` building the runner from a configuration.
  ModelInfo info(std::function<std::unique_ptr<ModelRunner>(const Config&)> make) const {
    ModelInfo info;
    info.name = name;
    info.summary = summary;
    for (const auto& p : params) info.params.insert(info.params.end(), p.specs.begin(), p.specs.end());
    for (const auto& v : variants) info.variants.push_back({v.name, v.help});
    info.make = [card = *this, make = std::move(make)](const ParamValues& values,
                                                       const std::string& variant_name) {
      return make(card.config(values, variant_name));
    };
    return info;
  }
};

}  // namespace faultline
