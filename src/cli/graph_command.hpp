// `faultline graph SPEC [-o FILE] [--format dot|graphml]`: the reachable state graph of a
// small model instance, written with Boost.Graph.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "graph". Returns 0 when the graph was written, 4 when it
// has more states than --max-states (nothing is written); throws UsageError / SpecError.
int run_graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      const CliEnv& env);

std::string graph_help();

}  // namespace faultline
