// Model runner construction and the model header line for spec-running subcommands.
#include "cli/spec_runner.hpp"

#include "core/errors.hpp"

namespace faultline {

std::unique_ptr<ModelRunner> make_spec_runner(const CheckRequest& request) {
  try {
    return request.model->make(request.params, request.variant);
  } catch (const SpecError& e) {
    std::string msg = e.what();
    if (msg.rfind(request.file, 0) == 0) throw;
    throw SpecError(request.file + ": " + msg);
  }
}

std::string model_line(const CheckRequest& request) {
  std::string params;
  for (const auto& [name, value] : request.params.all())
    params += (params.empty() ? "" : ", ") + name + "=" + value;
  return "model: " + request.model->name + " (variant " + request.variant + ")" +
         (params.empty() ? "" : "; " + params);
}

}  // namespace faultline
