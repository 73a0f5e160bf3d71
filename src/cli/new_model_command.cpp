// The new-model subcommand: checks the name and the folder, writes the project's files, and
// says how to build, test and check it (naming this faultline's install prefix when it runs
// from one).
#include "cli/new_model_command.hpp"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/command_support.hpp"
#include "cli/new_model_templates.hpp"
#include "core/errors.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace faultline {
namespace {

po::options_description new_model_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  desc.add_options()("help,h", "show this help")(
      "dir", po::value<std::string>()->value_name("DIR"),
      "the folder to create (default: ./NAME); refused if it exists and is not empty");
  return desc;
}

// The prefix faultline was installed to, when this binary runs from PREFIX/bin and the CMake
// package sits beside it; empty otherwise (a build tree).
std::string install_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path prefix = exe.parent_path().parent_path();
  for (const char* lib : {"lib", "lib64"})
    if (fs::exists(prefix / lib / "cmake" / "faultline" / "faultlineConfig.cmake", ec))
      return prefix.string();
  return "";
}

void check_name(const std::string& name, const CliEnv& env) {
  static const std::regex kName("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  if (name.size() > 40 || !std::regex_match(name, kName))
    throw UsageError("new-model: NAME '" + quote_input(name) +
                     "': expected lowercase letters, digits and single dashes, starting with a "
                     "letter (e.g. lock-server), at most 40 characters");
  for (const char* reserved : {"faultline", "dist", "std", "testing", "boost", "tbb"})
    if (name == reserved)
      throw UsageError("new-model: NAME '" + name + "' is a namespace the project uses");
  for (const ModelInfo& m : env.models ? *env.models : all_models())
    if (m.name == name)
      throw UsageError("new-model: NAME '" + name + "' is the name of a built-in model");
}

}  // namespace

std::string new_model_help() {
  std::ostringstream s;
  s << "usage: faultline new-model NAME [--dir DIR]\n\n"
       "Writes a standalone project for a protocol of your own, named NAME: a CMakeLists.txt\n"
       "using find_package(faultline), a small working protocol on the actor layer (a lock\n"
       "server and its clients), its checker, a spec for the correct design and one for a\n"
       "buggy variant (each with [expect]), and a GoogleTest test. As written it configures,\n"
       "builds, checks and passes its test; docs/writing-a-model.md walks through it.\n\n"
    << new_model_options()
    << "\nexit codes: 0 written, 2 usage error (a bad NAME), 3 the folder exists and is not\n"
       "empty, or a file cannot be written.\n";
  return s.str();
}

int run_new_model_command(const std::vector<std::string>& args, std::ostream& out,
                          const CliEnv& env) {
  const po::variables_map vm = parse_command_args(args, new_model_options(), "new-model");
  if (vm.count("help")) {
    out << new_model_help();
    return kExitHolds;
  }
  const std::string name =
      positional_args(vm, "new-model", {"NAME"}, {"the model's name, e.g. lock-server"}).front();
  check_name(name, env);
  const fs::path dir = vm.count("dir") ? fs::path(vm["dir"].as<std::string>()) : fs::path(name);
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw EnvironmentError("new-model: '" + quote_input(dir.string()) +
                           "' exists and is not an empty folder; nothing written");
  fs::create_directories(dir, ec);
  if (ec)
    throw EnvironmentError("new-model: cannot create '" + quote_input(dir.string()) + "' (" +
                           ec.message() + ")");
  const auto files = new_model_project(name, version());
  for (const ProjectFile& f : files) {
    std::ofstream file(dir / f.path, std::ios::binary);
    file << f.text;
    file.close();
    if (!file)
      throw EnvironmentError("new-model: cannot write '" + quote_input((dir / f.path).string()) +
                             "' (" + std::strerror(errno) + ")");
  }
  const std::string d = dir.string(), prefix = install_prefix();
  std::string correct_spec;
  for (const ProjectFile& f : files)
    if (f.path.ends_with("_correct.ini")) correct_spec = f.path;
  out << "wrote " << files.size() << " files to " << d << "/:";
  for (const ProjectFile& f : files) out << " " << f.path;
  out << "\n\nnext:\n"
      << "  cmake -S " << d << " -B " << d << "/build -DCMAKE_BUILD_TYPE=Release "
      << "-DCMAKE_PREFIX_PATH=" << (prefix.empty() ? "<faultline's install prefix>" : prefix)
      << "\n  cmake --build " << d << "/build && ctest --test-dir " << d << "/build\n"
      << "  " << d << "/build/" << name << "-checker check " << d << "/" << correct_spec << "\n";
  return kExitHolds;
}

}  // namespace faultline
