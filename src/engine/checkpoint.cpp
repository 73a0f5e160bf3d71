// The checkpoint manifest (engine/checkpoint.hpp): its text, its atomic commit, and the checks
// made before a run resumes from it.
#include "engine/checkpoint.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace faultline {
namespace {

constexpr const char* kMagic = "faultline checkpoint 1";

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string part_line(const char* name, const CheckpointPart& p) {
  return std::string("part ") + name + " = " + p.file + " " + std::to_string(p.summary.bytes) +
         " " + hex(p.summary.hash) + "\n";
}

std::string manifest_text(const CheckpointManifest& m) {
  std::string t = std::string(kMagic) + "\n";
  t += "version = " + m.version + "\n";
  t += "sequence = " + std::to_string(m.sequence) + "\n";
  t += "depth = " + std::to_string(m.depth) + "\n";
  t += "distinct = " + std::to_string(m.distinct) + "\n";
  t += "generated = " + std::to_string(m.generated) + "\n";
  t += "visited = " + std::to_string(m.visited) + "\n";
  t += "frontier = " + std::to_string(m.frontier) + "\n";
  for (const GoalProgress& g : m.goals)
    t += "goal = " + std::to_string(g.reached ? 1 : 0) + " " + std::to_string(g.depth) + "\n";
  t += part_line("links", m.links) + part_line("visited", m.visited_part) +
       part_line("frontier", m.frontier_part);
  for (const std::string& r : m.run) t += "run = " + r + "\n";
  return t;
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    throw EnvironmentError("checkpoint: cannot sync " + path + " (" + std::strerror(err) + ")");
  }
  ::close(fd);
}

// "links.3" -> 3; 0 for any other name.
uint64_t sequence_of_part(const std::string& name) {
  for (const char* prefix : {"links.", "visited.", "frontier."}) {
    const std::string p = prefix;
    if (name.rfind(p, 0) == 0 && name.size() > p.size() &&
        name.find_first_not_of("0123456789", p.size()) == std::string::npos)
      return std::strtoull(name.c_str() + p.size(), nullptr, 10);
  }
  return 0;
}

uint64_t number(const std::string& where, const std::string& value) {
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
      value.size() > 19)
    throw SpecError(where + ": the checkpoint manifest is corrupted (not a count: '" + value +
                    "')");
  return std::strtoull(value.c_str(), nullptr, 10);
}

CheckpointPart parse_part(const std::string& where, const std::string& value) {
  std::istringstream in(value);
  CheckpointPart p;
  std::string bytes, hash;
  if (!(in >> p.file >> bytes >> hash) || sequence_of_part(p.file) == 0 || hash.size() != 16 ||
      hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw SpecError(where + ": the checkpoint manifest is corrupted (a part line: '" + value +
                    "')");
  p.summary.bytes = number(where, bytes);
  p.summary.hash = std::strtoull(hash.c_str(), nullptr, 16);
  return p;
}

}  // namespace

std::string checkpoint_manifest_path(const std::string& dir) { return dir + "/manifest"; }

void commit_checkpoint(const std::string& dir, const CheckpointManifest& manifest) {
  const std::string text = manifest_text(manifest);
  const std::string full = text + "checksum = " + hex(XXH3_64bits(text.data(), text.size())) + "\n";
  const std::string path = checkpoint_manifest_path(dir);
  const std::string temp = path + ".tmp";
  {
    CheckedWriter out(temp);
    out.write(full.data(), full.size());
    out.finish();
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0)
    throw EnvironmentError("checkpoint: cannot rename " + temp + " to " + path + " (" +
                           std::strerror(errno) + ")");
  sync_path(dir, O_RDONLY | O_DIRECTORY);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const uint64_t seq = sequence_of_part(entry.path().filename().string());
    if (seq != 0 && seq != manifest.sequence) std::filesystem::remove(entry.path(), ec);
  }
}

CheckpointManifest read_checkpoint(const std::string& dir, const std::string& version,
                                   const std::vector<std::string>& run) {
  const std::string path = checkpoint_manifest_path(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw SpecError(dir + ": no checkpoint to resume from (" + path +
                    " cannot be read: " + std::strerror(errno) + ")");
  std::ostringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const size_t last = text.rfind("checksum = ");
  if (text.rfind(kMagic, 0) != 0 || last == std::string::npos ||
      text.substr(last) != "checksum = " + hex(XXH3_64bits(text.data(), last)) + "\n")
    throw SpecError(path + ": the checkpoint manifest is corrupted (its checksum does not match)");
  CheckpointManifest m;
  std::istringstream lines(text.substr(0, last));
  std::string line;
  std::getline(lines, line);  // the magic line
  while (std::getline(lines, line)) {
    const size_t eq = line.find(" = ");
    if (eq == std::string::npos)
      throw SpecError(path + ": the checkpoint manifest is corrupted (line '" + line + "')");
    const std::string key = line.substr(0, eq), value = line.substr(eq + 3);
    if (key == "version")
      m.version = value;
    else if (key == "sequence")
      m.sequence = number(path, value);
    else if (key == "depth")
      m.depth = static_cast<uint32_t>(number(path, value));
    else if (key == "distinct")
      m.distinct = number(path, value);
    else if (key == "generated")
      m.generated = number(path, value);
    else if (key == "visited")
      m.visited = number(path, value);
    else if (key == "frontier")
      m.frontier = number(path, value);
    else if (key == "goal") {
      const size_t sp = value.find(' ');
      if (sp == std::string::npos) throw SpecError(path + ": the checkpoint manifest is corrupted");
      m.goals.push_back({number(path, value.substr(0, sp)) != 0,
                         static_cast<uint32_t>(number(path, value.substr(sp + 1)))});
    } else if (key == "part links")
      m.links = parse_part(path, value);
    else if (key == "part visited")
      m.visited_part = parse_part(path, value);
    else if (key == "part frontier")
      m.frontier_part = parse_part(path, value);
    else if (key == "run")
      m.run.push_back(value);
    else
      throw SpecError(path + ": the checkpoint manifest is corrupted (key '" + key + "')");
  }
  if (m.version != version)
    throw SpecError(path + ": the checkpoint was written by faultline " + m.version + ", this is " +
                    version + "; resume it with that version or start again");
  for (size_t i = 0; i < std::max(run.size(), m.run.size()); ++i) {
    const std::string there = i < m.run.size() ? m.run[i] : "(nothing)";
    const std::string here = i < run.size() ? run[i] : "(nothing)";
    if (there != here)
      throw SpecError(path + ": the checkpoint is of another run: it has " + there +
                      ", this run has " + here);
  }
  if (m.links.file.empty() || m.visited_part.file.empty() || m.frontier_part.file.empty() ||
      m.distinct < m.frontier)
    throw SpecError(path + ": the checkpoint manifest is corrupted (parts or counts missing)");
  return m;
}

void check_checkpoint_part(const CheckedReader& read, const CheckpointPart& expected) {
  const CheckedSummary got = read.summary();
  if (got.bytes != expected.summary.bytes || got.hash != expected.summary.hash)
    throw SpecError(read.path() + ": the checkpoint part is corrupted (" +
                    std::to_string(got.bytes) + " bytes with checksum " + hex(got.hash) +
                    ", the manifest says " + std::to_string(expected.summary.bytes) +
                    " bytes with " + hex(expected.summary.hash) + ")");
}

bool checkpoint_kill_armed(uint64_t sequence) {
  const char* n = std::getenv("FAULTLINE_TEST_KILL_IN_CHECKPOINT");
  return n && *n && std::strtoull(n, nullptr, 10) == sequence;
}

}  // namespace faultline
