// ModelCard: parameters bound to configuration fields, variants from one table, the check
// across keys, and the ModelInfo a card turns into.
#include "core/model_card.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace faultline {
namespace {

enum class Flavour { Plain, Spicy };

struct Config {
  unsigned nodes = 0;
  uint8_t small = 0;
  bool fast = false;
  int mode = 0;
  Flavour flavour = Flavour::Plain;
};

ModelCard<Config, Flavour> card() {
  return {
      .name = "toy",
      .summary = "a toy",
      .params = {int_param("nodes", &Config::nodes, 3, 1, 5, "how many"),
                 int_param("small", &Config::small, 2, 0, 9, "a byte", "faults"),
                 bool_param("fast", &Config::fast, true, "go fast"),
                 with_help(choice_param<Config, int>("mode", &Config::mode, {{"a", 1}, {"b", 2}},
                                                     "which mode"),
                           "mode", "the mode")},
      .variant = &Config::flavour,
      .variants = {{"correct", Flavour::Plain, "as designed"}, {"spicy", Flavour::Spicy, "a bug"}},
      .check =
          [](const Config& c) {
            if (c.small > c.nodes) throw SpecError("params.small: must be at most nodes");
          },
  };
}

TEST(ModelCardTest, ReadsEveryKeyIntoItsField) {
  const auto c = card();
  const auto info = c.info(nullptr);
  const auto values =
      ParamValues::resolve(info.params, {{"nodes", "4"}, {"fast", "off"}, {"mode", "b"}}, "spec");
  const Config config = c.config(values, "spicy");
  EXPECT_EQ(config.nodes, 4u);
  EXPECT_EQ(config.small, 2u);  // the default
  EXPECT_FALSE(config.fast);
  EXPECT_EQ(config.mode, 2);
  EXPECT_EQ(config.flavour, Flavour::Spicy);
  EXPECT_EQ(c.config(ParamValues::resolve(info.params, {}, "spec"), "correct").mode, 1);
}

TEST(ModelCardTest, InfoListsKeysSectionsDefaultsAndVariantsInOrder) {
  const auto info = card().info(nullptr);
  EXPECT_EQ(info.name, "toy");
  ASSERT_EQ(info.params.size(), 4u);
  EXPECT_EQ(info.params[1].section, "faults");
  EXPECT_EQ(info.params[3].default_value, "a");
  EXPECT_EQ(info.params[3].help, "the mode");
  ASSERT_EQ(info.variants.size(), 2u);
  EXPECT_EQ(info.variants[0].name, "correct");
  EXPECT_EQ(info.variants[1].help, "a bug");
}

TEST(ModelCardTest, UnknownVariantAndFailedCheckAreSpecErrors) {
  const auto c = card();
  const auto info = c.info(nullptr);
  const auto defaults = ParamValues::resolve(info.params, {}, "spec");
  try {
    c.config(defaults, "mild");
    FAIL() << "unknown variant accepted";
  } catch (const SpecError& e) {
    EXPECT_STREQ(e.what(), "model.variant = 'mild': not a variant of toy (accepted: correct, spicy)");
  }
  const auto bad = ParamValues::resolve(info.params, {{"nodes", "1"}}, "spec");
  EXPECT_THROW(c.config(bad, "correct"), SpecError);
}

TEST(ModelCardTest, MakeBuildsFromTheConfiguration) {
  unsigned seen = 0;
  const auto info = card().info([&](const Config& c) {
    seen = c.nodes;
    return std::unique_ptr<ModelRunner>();
  });
  info.make(ParamValues::resolve(info.params, {{"nodes", "5"}}, "spec"), "correct");
  EXPECT_EQ(seen, 5u);
}

TEST(ModelCardTest, ARangeThatDoesNotFitTheFieldIsRefused) {
  EXPECT_THROW(int_param("small", &Config::small, 2, 0, 300, "too big"), std::logic_error);
  EXPECT_THROW(int_param("nodes", &Config::nodes, 2, -1, 3, "negative"), std::logic_error);
}

}  // namespace
}  // namespace faultline
