// The engine option table: every entry is complete, its values parse as its type and range
// say, and each subcommand's flags set the keys the table names (whichever way a value comes,
// it is converted and validated by the same entry).
#include <gtest/gtest.h>

#include <set>

#include "spec/engine_options.hpp"

namespace faultline {
namespace {

const EngineOption& option(const std::string& key) {
  for (const auto& o : engine_options())
    if (o.key == key) return o;
  throw std::out_of_range(key);
}

TEST(EngineOptions, EveryEntryIsCompleteAndUnique) {
  std::set<std::string> keys, flags;
  for (const auto& o : engine_options()) {
    EXPECT_TRUE(keys.insert(o.key).second) << o.key;
    EXPECT_NE(o.apply, nullptr) << o.key;
    EXPECT_FALSE(accepted_text(o).empty()) << o.key;
    const std::string section = o.key.substr(0, o.key.find('.'));
    EXPECT_TRUE(section == "engine" || section == "bounds" || section == "limits") << o.key;
    if (o.flag.empty()) {
      EXPECT_EQ(o.commands, 0u) << o.key;
      continue;
    }
    EXPECT_TRUE(flags.insert(o.flag).second) << o.flag;
    EXPECT_NE(o.commands, 0u) << o.key;
    EXPECT_FALSE(o.help.empty()) << o.key;
  }
}

TEST(EngineOptions, SectionKeysComeFromTheTable) {
  EXPECT_EQ(engine_option_keys("bounds"), std::vector<std::string>{"max_depth"});
  EXPECT_EQ(engine_option_keys("limits"),
            (std::vector<std::string>{"max_states", "time_limit", "memory_limit"}));
  EXPECT_EQ(engine_option_keys("engine").size(), 13u);  // with checkpoint, checkpoint_every, resume
  EXPECT_TRUE(engine_option_keys("params").empty());
}

TEST(EngineOptions, ValuesParseByTypeAndRange) {
  CheckOptions o;
  const EngineOption& workers = option("engine.workers");
  EXPECT_FALSE(parse_option_value(workers, "+2"));
  EXPECT_FALSE(parse_option_value(workers, "1025"));
  workers.apply(o, *parse_option_value(workers, "3"));
  EXPECT_EQ(o.workers, 3u);
  EXPECT_EQ(accepted_text(workers), "an integer in 0..1024 (0 = all cores)");

  const EngineOption& memory = option("limits.memory_limit");
  memory.apply(o, *parse_option_value(memory, "2"));
  EXPECT_EQ(o.memory_limit_bytes, 2u << 20);
  EXPECT_FALSE(parse_option_value(memory, "0"));

  const EngineOption& bitstate = option("engine.bitstate");
  EXPECT_FALSE(parse_option_value(bitstate, "30"));
  EXPECT_FALSE(parse_option_value(bitstate, "2^9"));
  bitstate.apply(o, *parse_option_value(bitstate, "2^20"));
  EXPECT_EQ(o.bitstate_log2_bits, 20u);

  const EngineOption& time = option("limits.time_limit");
  EXPECT_FALSE(parse_option_value(time, "0"));
  EXPECT_FALSE(parse_option_value(time, "inf"));
  time.apply(o, *parse_option_value(time, "2.5"));
  EXPECT_EQ(o.time_limit_s, 2.5);

  const EngineOption& deadlock = option("engine.check_deadlock");
  EXPECT_FALSE(parse_option_value(deadlock, "maybe"));
  deadlock.apply(o, *parse_option_value(deadlock, "yes"));
  EXPECT_TRUE(o.check_deadlock);

  const EngineOption& strategy = option("engine.strategy");
  EXPECT_FALSE(parse_option_value(strategy, "BFS"));
  strategy.apply(o, *parse_option_value(strategy, "dfs"));
  EXPECT_EQ(o.strategy, SearchStrategy::Dfs);
  EXPECT_EQ(accepted_text(strategy), "one of: bfs, dfs");

  const EngineOption& goal = option("engine.goal");
  EXPECT_FALSE(parse_option_value(goal, ""));
  goal.apply(o, *parse_option_value(goal, "Done"));
  EXPECT_EQ(o.witness_goal, "Done");
}

TEST(EngineOptions, SubcommandsOfferTheFlagsThatApplyToThem) {
  auto offers = [](OptionCommand c, const std::string& flag) {
    for (const auto& o : engine_options())
      if (o.flag == flag) return (o.commands & c) != 0;
    return false;
  };
  EXPECT_TRUE(offers(kCheckCommand, "symmetry"));
  EXPECT_FALSE(offers(kSimulateCommand, "symmetry"));  // walks are over the model itself
  EXPECT_TRUE(offers(kSimulateCommand, "workers"));
  EXPECT_TRUE(offers(kGraphCommand, "max-depth"));
  EXPECT_FALSE(offers(kGraphCommand, "max-states"));  // graph's --max-states is its own bound
  for (const auto& o : engine_options()) EXPECT_FALSE(o.commands & kReplayCommand) << o.key;
}

}  // namespace
}  // namespace faultline
