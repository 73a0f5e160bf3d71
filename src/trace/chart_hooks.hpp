// Which chart events and lanes a model's trace steps get (see core/chart_event.hpp), chosen
// at compile time:
//  - a model that defines chart_lanes() and chart_events(before, action, after, label) gives
//    its own;
//  - a model built on the distributed layer gets them generically: with time
//    (dist::TimedClusterModel: messages, faults, ticks, pauses, clock drift) or without
//    (dist::ClusterModel);
//  - any other model gets none (renderers then show each step on one lane).
// Called while a trace is rebuilt by replay, never during exploration.
#pragma once
#include <string>
#include <vector>

#include "core/chart_event.hpp"
#include "core/model.hpp"
#include "dist/chart_events.hpp"
#include "dist/timed_chart_events.hpp"

namespace faultline {

template <class M>
concept OwnChartEvents = requires(const M& m, const typename M::State& s,
                                  const typename M::Action& a, const std::string& label) {
  { m.chart_lanes() } -> std::convertible_to<std::vector<std::string>>;
  { m.chart_events(s, a, s, label) } -> std::same_as<std::vector<ChartEvent>>;
};

template <Model M>
std::vector<std::string> chart_lanes(const M& model) {
  if constexpr (OwnChartEvents<M>)
    return model.chart_lanes();
  else if constexpr (dist::TimedClusterModel<M>)
    return model.timed_cluster().names();
  else if constexpr (dist::ClusterModel<M>)
    return model.cluster().names();
  else
    return {};
}

template <Model M>
std::vector<ChartEvent> chart_events(const M& model, const typename M::State& before,
                                     const typename M::Action& action,
                                     const typename M::State& after, const std::string& label) {
  if constexpr (OwnChartEvents<M>)
    return model.chart_events(before, action, after, label);
  else if constexpr (dist::TimedClusterModel<M>)
    return dist::timed_cluster_chart_events(model.timed_cluster(), before.env, action, after.env,
                                            label);
  else if constexpr (dist::ClusterModel<M>)
    return dist::cluster_chart_events(model.cluster(), before.env, action, after.env, label);
  else
    return {};
}

}  // namespace faultline
