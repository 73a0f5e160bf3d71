// Checkpoint and resume (engine/checkpoint.hpp, `check --checkpoint DIR` and `--resume DIR`):
// a run killed (SIGKILL) while writing its K-th checkpoint, for several K, resumes from the
// last whole one; a run stopped by SIGTERM finishes its level, checkpoints and exits 4; and
// each resumed run gives the uninterrupted run's counts, depth, verdict and counterexample,
// with 1 or 2 workers and with the frontier spilled to disk. A checkpoint of another spec,
// another version, or a corrupted one is refused in one line (exit 3). The runs are
// subprocesses of the faultline binary: a kill must not take the test with it.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

using testing::has;
using testing::sh_exit;
using testing::TempDir;

const std::string kRaftSpec = kRaft;            // holds: 20 levels or so
const std::string kViolation = kSharedBallots;  // Agreement fails at depth 14
// A few seconds: long enough for a SIGTERM to land mid-run.
const std::string kLongerRaft = FAULTLINE_SOURCE_DIR "/specs/raft_correct_faults.ini";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What must not change across an interruption: the verdict, the counts, the depth, the
// counterexample (its labels) and the goals.
nlohmann::json results(const std::string& json_text) {
  const nlohmann::json doc = nlohmann::json::parse(json_text);
  nlohmann::json labels = nlohmann::json::array();
  if (!doc["trace"].is_null())
    for (const auto& step : doc["trace"]["steps"]) labels.push_back(step["action"]);
  return {{"verdict", doc["verdict"]},
          {"distinct", doc["statistics"]["distinct_states"]},
          {"generated", doc["statistics"]["generated_states"]},
          {"depth", doc["statistics"]["depth"]},
          {"trace", labels},
          {"goals", doc["goals"]}};
}

// `faultline check SPEC ARGS --json` in dir; the results, the exit code in `code`.
nlohmann::json check(const TempDir& dir, const std::string& spec, const std::string& args,
                     int& code, const std::string& env = "") {
  std::string err;
  code =
      sh_exit(dir.path(""), env + " $F check '" + spec + "' " + args + " --json > out.json", err);
  const std::string out = read(dir.path("out.json"));
  if (out.empty()) return nlohmann::json{{"no output", err}};
  return results(out);
}

class CheckpointResume : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckpointResume, AKillWhileWritingLeavesTheLastCheckpointWhole) {
  TempDir dir;
  const std::string spec = GetParam();
  int code = 0;
  const nlohmann::json reference = check(dir, spec, "--workers 2", code);
  ASSERT_TRUE(code == 0 || code == 10) << reference;
  for (int k : {2, 5, 9}) {
    SCOPED_TRACE("killed in checkpoint " + std::to_string(k));
    const std::string ck = dir.path("ck" + std::to_string(k));
    check(dir, spec, "--workers 2 --checkpoint " + ck + " --checkpoint-every 0", code,
          "FAULTLINE_TEST_KILL_IN_CHECKPOINT=" + std::to_string(k));
    ASSERT_EQ(code, 128 + 9) << "not killed: the run has fewer levels than " << k;
    // The (k-1)-th checkpoint is whole; the k-th left parts without a manifest.
    EXPECT_TRUE(has(read(ck + "/manifest"), "sequence = " + std::to_string(k - 1) + "\n"));
    EXPECT_TRUE(std::filesystem::exists(ck + "/links." + std::to_string(k)));
    const std::string workers = k == 5 ? "--workers 1" : "--workers 2";
    EXPECT_EQ(check(dir, spec, workers + " --resume " + ck, code), reference);
    EXPECT_EQ(code, reference["verdict"] == "holds" ? 0 : 10);
    // Resumed and checkpointing again: the parts of the unfinished checkpoint are removed.
    EXPECT_EQ(check(dir, spec,
                    "--resume " + ck + " --checkpoint " + ck +
                        " --checkpoint-every 0 "
                        "--frontier-memory 1",
                    code),
              reference);
    EXPECT_FALSE(std::filesystem::exists(ck + "/links." + std::to_string(k)));
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, CheckpointResume, ::testing::Values(kRaftSpec, kViolation),
                         [](const auto& info) {
                           return info.param == kRaftSpec ? std::string("RaftHolds")
                                                          : std::string("PaxosViolation");
                         });

TEST(CheckpointCli, SigtermFinishesTheLevelCheckpointsAndExits4) {
  TempDir dir;
  int code = 0;
  const nlohmann::json reference = check(dir, kLongerRaft, "--workers 2", code);
  ASSERT_EQ(code, 0);
  std::string err;
  const std::string ck = dir.path("ck");
  code = sh_exit(dir.path(""),
                 "$F check '" + kLongerRaft + "' --workers 2 --checkpoint " + ck +
                     " > term.txt & sleep 1; kill -TERM $!; wait $!",
                 err);
  const std::string out = read(dir.path("term.txt"));
  if (code == 0) GTEST_SKIP() << "the run finished before the SIGTERM: " << out;
  EXPECT_EQ(code, kExitLimit) << out << err;
  EXPECT_TRUE(has(out, "interrupted: no verdict\n")) << out;
  EXPECT_TRUE(has(out, "checkpoints: 1 written to " + ck)) << out;
  EXPECT_TRUE(has(out, "continue with: --resume " + ck + " (the same spec and settings)")) << out;
  EXPECT_EQ(check(dir, kLongerRaft, "--workers 1 --frontier-memory 1 --resume " + ck, code),
            reference);
  EXPECT_EQ(code, 0);
}

// Writes a checkpoint of raft_correct (killed in its 4th checkpoint) into dir/ck.
std::string checkpoint_of_raft(const TempDir& dir) {
  int code = 0;
  check(dir, kRaftSpec, "--checkpoint " + dir.path("ck") + " --checkpoint-every 0", code,
        "FAULTLINE_TEST_KILL_IN_CHECKPOINT=4");
  return dir.path("ck");
}

// `faultline check ARGS`: the exit code and the one stderr line.
int refused(const TempDir& dir, const std::string& args, std::string& err) {
  const int code = sh_exit(dir.path(""), "$F check " + args + " > /dev/null", err);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  return code;
}

TEST(CheckpointCli, ACheckpointOfAnotherRunIsRefused) {
  TempDir dir;
  const std::string ck = checkpoint_of_raft(dir);
  std::string err;
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --set params.max_term=3 --resume " + ck, err),
            kExitSpec);
  EXPECT_TRUE(has(err, ck + "/manifest: the checkpoint is of another run: it has param "
                            "max_term = 2, this run has param max_term = 3\n"))
      << err;
  EXPECT_EQ(refused(dir, "'" + kPaxos + "' --resume " + ck, err), kExitSpec);
  EXPECT_TRUE(has(err, "it has model.name = raft, this run has model.name = paxos")) << err;
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --symmetry on --resume " + ck, err), kExitSpec);
  EXPECT_TRUE(has(err, "it has engine.symmetry = off, this run has engine.symmetry = on")) << err;
  // Workers and limits do not change results: they may differ.
  int code = 0;
  EXPECT_EQ(check(dir, kRaftSpec, "--workers 1 --time-limit 600 --resume " + ck, code)["verdict"],
            "holds");
}

// Rewrites the manifest's `key = ` line to `value`, with a checksum that matches again.
void forge_manifest(const std::string& ck, const std::string& key, const std::string& value) {
  std::string text = read(ck + "/manifest");
  const size_t at = text.find("\n" + key + " = ") + 1;
  text.replace(at, text.find('\n', at) - at, key + " = " + value);
  text.resize(text.rfind("checksum = "));
  char sum[17];
  std::snprintf(sum, sizeof sum, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(text.data(), text.size())));
  std::ofstream(ck + "/manifest", std::ios::binary) << text << "checksum = " << sum << "\n";
}

TEST(CheckpointCli, AnotherVersionOrACorruptedCheckpointIsRefused) {
  TempDir dir;
  const std::string ck = checkpoint_of_raft(dir);
  const std::string manifest = read(ck + "/manifest");
  const std::string resume = "'" + kRaftSpec + "' --resume " + ck;
  std::string err;

  forge_manifest(ck, "version", "0.1.0");
  EXPECT_EQ(refused(dir, resume, err), kExitSpec);
  EXPECT_TRUE(has(err, "the checkpoint was written by faultline 0.1.0, this is ")) << err;

  std::string corrupt = manifest;  // a count changed without its checksum
  corrupt[corrupt.find("distinct = ") + 11] ^= 1;
  std::ofstream(ck + "/manifest", std::ios::binary) << corrupt;
  EXPECT_EQ(refused(dir, resume, err), kExitSpec);
  EXPECT_TRUE(has(err, "the checkpoint manifest is corrupted (its checksum does not match)"))
      << err;

  std::ofstream(ck + "/manifest", std::ios::binary) << manifest;
  const std::string links = ck + "/links.3";
  std::string part = read(links);
  ASSERT_GT(part.size(), 100u);
  part[part.size() / 2] ^= 0x40;  // one bit of one parent link
  std::ofstream(links, std::ios::binary) << part;
  EXPECT_EQ(refused(dir, resume, err), kExitSpec);
  EXPECT_TRUE(has(err, links + ": the checkpoint part is corrupted (")) << err;

  std::filesystem::remove(links);
  EXPECT_EQ(refused(dir, resume, err), kExitSpec);
  EXPECT_TRUE(has(err, links + ": cannot read the checkpoint part")) << err;

  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --resume " + dir.path("none"), err), kExitSpec);
  EXPECT_TRUE(has(err, dir.path("none") + ": no checkpoint to resume from")) << err;
}

TEST(CheckpointCli, SearchesThatCannotBeCheckpointedAreRefusedBeforeTheyStart) {
  TempDir dir;
  std::string err;
  const std::string ck = " --checkpoint " + dir.path("ck");
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --strategy dfs" + ck, err), kExitSpec);
  EXPECT_TRUE(has(err, "engine.checkpoint needs engine.strategy = bfs\n")) << err;
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --bitstate 2^20" + ck, err), kExitSpec);
  EXPECT_TRUE(has(err, "engine.checkpoint needs a store it can save")) << err;
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --coverage --resume " + dir.path("ck"), err),
            kExitSpec);
  EXPECT_TRUE(has(err, "engine.resume needs a run without --coverage")) << err;
  std::ofstream(dir.path("file")) << "x";
  EXPECT_EQ(refused(dir, "'" + kRaftSpec + "' --checkpoint " + dir.path("file"), err), kExitSpec);
  EXPECT_TRUE(has(err, "engine.checkpoint = " + dir.path("file") + ": cannot write there")) << err;
}

}  // namespace
}  // namespace faultline
