// Builds the `check --json` document.
#include "report/result_json.hpp"

#include <nlohmann/json.hpp>

#include "report/summary.hpp"

namespace faultline {
namespace {

const char* store_name(const Stats& s) {
  if (s.bitstate_log2_bits) return "bitstate";
  return s.store == StoreMode::Exact ? "exact" : "fingerprint";
}

Json optional_text(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json statistics_json(const Stats& s) {
  return {{"distinct_states", s.distinct_states},
          {"generated_states", s.generated_states},
          {"depth", s.depth},
          {"frontier_left", s.frontier},
          {"wall_s", s.wall_s},
          {"states_per_s", s.states_per_s},
          {"peak_memory_bytes", s.peak_rss_bytes},
          {"frontier_spilled_bytes", s.frontier_spilled_bytes},
          {"workers", s.workers},
          {"strategy", s.strategy == SearchStrategy::Dfs ? "dfs" : "bfs"},
          {"store", store_name(s)},
          {"fingerprint_bits", s.fingerprint_bits ? Json(s.fingerprint_bits) : Json(nullptr)},
          {"collision_probability", s.collision_probability},
          {"bitstate", s.bitstate_log2_bits
                           ? Json{{"log2_bits", s.bitstate_log2_bits},
                                  {"hash_functions", s.bitstate_hashes},
                                  {"expected_coverage", s.bitstate_coverage}}
                           : Json(nullptr)},
          {"symmetry", optional_text(s.symmetry)},
          {"sweep", optional_text(s.sweep)}};
}

}  // namespace

std::string property_status(const CheckResult& r, const std::string& property) {
  if (r.finding && r.verdict == Verdict::Violation && r.finding->property == property)
    return "violated";
  // Bitstate hashing may omit states: nothing it finds proves a property.
  if (r.stats.bitstate_log2_bits &&
      (r.verdict == Verdict::Holds || r.verdict == Verdict::HoldsUpToDepth))
    return "not-violated";
  if (r.verdict == Verdict::Holds) return "holds";
  if (r.verdict == Verdict::HoldsUpToDepth) return "holds-up-to-depth";
  return "undecided";
}

Json result_json(const ResultJsonInput& in, const CheckResult& r) {
  Json doc = Json::object();
  doc["format"] = "faultline-result";
  doc["version"] = 1;
  doc["spec"] = optional_text(in.spec);  // null for check --model
  doc["model"] = in.model;
  Json params = Json::object();
  for (const auto& [name, value] : in.params) params[name] = value;
  doc["variant"] = in.variant;
  doc["params"] = std::move(params);
  doc["goal"] = in.goal ? Json(*in.goal) : Json(nullptr);
  doc["verdict"] = in.verdict;
  doc["verdict_line"] = verdict_line(r, in.goal);
  doc["exit_code"] = in.exit_code;
  doc["stop_reason"] = optional_text(r.stop_reason);
  doc["statistics"] = statistics_json(r.stats);

  Json properties = Json::array();
  for (const auto& p : in.properties) {
    if (p.kind == PropertyKind::Goal) continue;
    properties.push_back({{"name", p.name},
                          {"kind", p.kind == PropertyKind::Invariant ? "invariant" : "step"},
                          {"description", p.description},
                          {"status", property_status(r, p.name)}});
  }
  doc["properties"] = std::move(properties);
  Json goals = Json::array();
  for (const auto& g : r.goals)
    goals.push_back({{"name", g.name},
                     {"description", g.description},
                     {"reached", g.reached},
                     {"depth", g.reached ? Json(g.depth) : Json(nullptr)}});
  doc["goals"] = std::move(goals);

  if (in.expect) {
    const ExpectOutcome& e = *in.expect;
    doc["expect"] = {{"checked", e.checked},
                     {"met", e.checked ? Json(e.met) : Json(nullptr)},
                     {"mismatches", e.mismatches},
                     {"note", optional_text(e.note)}};
  } else {
    doc["expect"] = nullptr;
  }
  if (!in.coverage) {
    doc["coverage"] = nullptr;
  } else {
    Json coverage = Json::array();
    for (const auto& c : r.coverage)
      coverage.push_back({{"kind", c.kind}, {"count", c.count}, {"declared", c.declared}});
    doc["coverage"] = std::move(coverage);
  }
  if (const auto& c = r.checkpoint)
    doc["checkpoint"] = {{"dir", c->dir.empty() ? Json(nullptr) : Json(c->dir)},
                         {"written", c->written},
                         {"seconds", c->seconds},
                         {"depth", c->depth},
                         {"distinct_states", c->distinct},
                         {"resumed", c->resumed},
                         {"resumed_depth", c->resumed ? Json(c->resumed_depth) : Json(nullptr)}};
  else
    doc["checkpoint"] = nullptr;
  const Finding* f = r.finding ? &*r.finding : nullptr;
  const bool rebuilt = f && f->trace_stopped.empty();
  doc["trace"] = rebuilt ? trace_json({in.model, in.variant, in.verdict}, f) : Json(nullptr);
  doc["trace_stopped"] = f && !rebuilt ? Json(f->trace_stopped) : Json(nullptr);
  return doc;
}

}  // namespace faultline
