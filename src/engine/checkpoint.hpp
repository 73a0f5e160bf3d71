// Checkpoints of a breadth-first search (engine/bfs.hpp), so that a run of hours survives a
// reboot, an OOM kill or a maintenance window. A checkpoint is taken at a level boundary, once
// the level is committed: the parent link of every state (links), the visited store (visited)
// and the states of the level about to be expanded (frontier), each a file of its own, and a
// manifest that names them with their sizes and XXH3-64 checksums, the counts and goals so
// far, the binary's version and the run's settings (the spec after overrides and the options
// that change results, one `key = value` each). Every file is written under a fresh sequence
// number and fsynced; the manifest is written last, to a temporary name, fsynced and renamed
// over the old one (then the folder is fsynced): that rename is the commit. A kill at any
// point leaves the previous checkpoint whole, and the parts of the unfinished one are removed
// by the next checkpoint. Resuming refuses a checkpoint of another version or run, and one
// whose manifest or parts do not match their checksums, with one line naming what differs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/explore_common.hpp"
#include "store/checked_file.hpp"

namespace faultline {

struct CheckpointPart {
  std::string file;  // within the checkpoint folder
  CheckedSummary summary;
};

struct CheckpointManifest {
  std::string version;           // of the binary that wrote it
  std::vector<std::string> run;  // "params.acceptors = 3", ...: what the run checks
  uint64_t sequence = 0;         // 1 for the run's first checkpoint, then 2, ...
  uint32_t depth = 0;            // the level just committed (its states are the frontier)
  uint64_t distinct = 0;         // states committed, ids 0..distinct-1
  uint64_t generated = 0;
  uint64_t visited = 0;   // keys in the visited part
  uint64_t frontier = 0;  // states in the frontier part
  std::vector<GoalProgress> goals;
  CheckpointPart links, visited_part, frontier_part;
};

// The manifest's file in a checkpoint folder.
std::string checkpoint_manifest_path(const std::string& dir);

// Writes the manifest atomically (temporary name, fsync, rename, fsync of the folder), then
// removes the parts of every other sequence number. EnvironmentError on failure.
void commit_checkpoint(const std::string& dir, const CheckpointManifest& manifest);

// Reads and checks a folder's manifest: a SpecError for a missing, unreadable or corrupted
// one, or one that another version or another run wrote (naming the first setting that
// differs).
CheckpointManifest read_checkpoint(const std::string& dir, const std::string& version,
                                   const std::vector<std::string>& run);

// Throws a SpecError unless `read` (what was read of a part) matches the manifest's entry.
void check_checkpoint_part(const CheckedReader& read, const CheckpointPart& expected);

// The test hook FAULTLINE_TEST_KILL_IN_CHECKPOINT=N: the process kills itself (SIGKILL)
// halfway through writing its N-th checkpoint, to show that an interrupted write leaves the
// previous checkpoint whole. Returns whether the hook is armed for this sequence number.
bool checkpoint_kill_armed(uint64_t sequence);

}  // namespace faultline
