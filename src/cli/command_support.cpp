// Shared subcommand plumbing: argument parsing, --set, runner construction.
#include "cli/command_support.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"
#include "spec/engine_options.hpp"

namespace po = boost::program_options;

namespace faultline {

po::variables_map parse_command_args(const std::vector<std::string>& args,
                                     const po::options_description& desc,
                                     const std::string& command) {
  po::options_description hidden;
  hidden.add_options()("positional", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("positional", -1);
  po::variables_map vm;
  try {
    auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what());
  }
  return vm;
}

std::vector<std::string> positional_args(const po::variables_map& vm, const std::string& command,
                                         const std::vector<std::string>& names,
                                         const std::vector<std::string>& helps) {
  std::vector<std::string> got;
  if (vm.count("positional")) got = vm["positional"].as<std::vector<std::string>>();
  if (got.size() < names.size())
    throw UsageError(command + ": missing " + names[got.size()] + " (" + helps[got.size()] + ")");
  if (got.size() > names.size())
    throw UsageError(command + ": unexpected argument '" + got[names.size()] + "' (expected " +
                     join(names, " ") + ")");
  return got;
}

void add_set_option(po::options_description_easy_init& add) {
  add("set", po::value<std::vector<std::string>>()->value_name("SECTION.KEY=VALUE"),
      "override a spec key (repeatable; applied after the file)");
}

void add_engine_flags(po::options_description_easy_init& add, OptionCommand command) {
  for (const EngineOption& o : engine_options()) {
    if (!(o.commands & command)) continue;
    const std::string help = o.help + " (" + o.key + ")";
    if (o.type == OptionType::Bool)
      add(o.flag.c_str(), po::bool_switch(), help.c_str());
    else
      add(o.flag.c_str(), po::value<std::string>()->value_name(o.value_name), help.c_str());
  }
}

std::vector<SpecOverride> spec_overrides(const po::variables_map& vm, OptionCommand command) {
  std::vector<SpecOverride> overrides;
  if (vm.count("set"))
    for (const auto& text : vm["set"].as<std::vector<std::string>>())
      overrides.push_back(parse_set_override(text));
  for (const EngineOption& o : engine_options()) {
    if (!(o.commands & command) || !vm.count(o.flag)) continue;
    if (o.type != OptionType::Bool)
      overrides.push_back({o.key, vm[o.flag].as<std::string>(), "--" + o.flag});
    else if (vm[o.flag].as<bool>())
      overrides.push_back({o.key, "true", "--" + o.flag});
  }
  return overrides;
}

void add_progress_options(po::options_description_easy_init& add) {
  add("progress", po::bool_switch(), "print progress to stderr (default when it is a terminal)");
  add("no-progress", po::bool_switch(), "no progress output");
}

bool progress_wanted(const po::variables_map& vm, const std::string& command,
                     bool stderr_is_tty) {
  const bool on = vm["progress"].as<bool>(), off = vm["no-progress"].as<bool>();
  if (on && off)
    throw UsageError(command + ": --progress and --no-progress contradict each other");
  return on || (stderr_is_tty && !off);
}

SpecError located(const CheckRequest& request, const SpecError& e) {
  const std::string msg = e.what();
  if (msg.rfind(request.file, 0) == 0) return e;
  // "params.quorum = 5: ..." names its key: point at the line (or flag) that set it.
  const std::string key = msg.substr(0, msg.find_first_of(" =:("));
  if (key.find('.') != std::string::npos && request.origins.count(key))
    return SpecError(request.where(key) + ": " + msg);
  return SpecError(request.file + ": " + msg);
}

std::string goal_hint(const CheckRequest& request, const std::string& goal) {
  for (const ParamSpec& p : request.model->params) {
    if (p.type != ParamType::Bool || request.params.get(p.name) == "true") continue;
    ParamValues flipped = request.params;
    flipped.set(p.name, "true");
    try {
      for (const auto& prop : request.model->make(flipped, request.variant)->properties())
        if (prop.kind == PropertyKind::Goal && prop.name == goal)
          return "; it is a goal with " + p.section + "." + p.name + " = true";
    } catch (const SpecError&) {  // that combination is refused: no hint from it
    }
  }
  return "";
}

std::unique_ptr<ModelRunner> build_runner(const CheckRequest& request) {
  try {
    return request.model->make(request.params, request.variant);
  } catch (const SpecError& e) {
    throw located(request, e);
  }
}

void check_model_contract(const ModelRunner& runner) {
  const SelfCheckReport contract = runner.self_check(kPreflightStates);
  if (!contract.problems.empty())
    throw ModelError("model error: " + contract.problems.front() +
                     (contract.problems.size() > 1
                          ? " (and " + std::to_string(contract.problems.size() - 1) +
                                " more problems; expect_model_contract in a test lists them all)"
                          : std::string()));
}

std::string model_line(const CheckRequest& request) {
  std::string params;
  for (const auto& [name, value] : request.params.all())
    params += (params.empty() ? "" : ", ") + name + "=" + value;
  return "model: " + request.model->name + " (variant " + request.variant + ")" +
         (params.empty() ? "" : "; " + params);
}

std::optional<std::string> output_path(const po::variables_map& vm, const std::string& command,
                                       const std::string& option) {
  if (!vm.count(option)) return std::nullopt;
  const std::string path = vm[option].as<std::string>();
  if (path.empty())
    throw UsageError(command + ": --" + option + " needs a file name, not an empty one");
  if (path.rfind("--", 0) == 0)
    throw UsageError(command + ": --" + option + " needs a file name; '" + quote_input(path) +
                     "' is a flag (write ./" + path + " for a file of that name)");
  return path;
}

}  // namespace faultline
