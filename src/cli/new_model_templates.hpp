// The files `faultline new-model` writes: a standalone project with a small working protocol
// on the actor layer (a lock server and its clients), its registration, a checker, two specs
// (the correct design holds; a buggy variant violates mutual exclusion) and a GoogleTest test.
#pragma once
#include <string>
#include <vector>

namespace faultline {

struct ProjectFile {
  std::string path;  // relative to the project folder
  std::string text;
};

// The project for model `name` (lowercase letters, digits and '-', starting with a letter),
// built against faultline `version` ("0.9.0").
std::vector<ProjectFile> new_model_project(const std::string& name, const std::string& version);

}  // namespace faultline
