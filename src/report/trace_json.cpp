// JSON trace documents: building them with nlohmann-json and laying them out one step a line.
#include "report/trace_json.hpp"

#include <nlohmann/json.hpp>

namespace faultline {

Json state_json(const FieldList& fields) {
  Json state = Json::object();
  for (const auto& f : fields) {
    auto it = state.find(f.name);
    if (it == state.end()) {
      state[f.name] = f.value;
    } else {
      if (!it->is_array()) *it = Json::array({*it});
      it->push_back(f.value);
    }
  }
  return state;
}

Json trace_json(const TraceJsonHeader& h, const Finding* f) {
  auto opt = [&](const std::string* s) { return s ? Json(*s) : Json(nullptr); };
  Json doc = Json::object();
  doc["model"] = h.model;
  doc["variant"] = h.variant;
  doc["verdict"] = h.verdict;
  doc["property"] = opt(f ? &f->property : nullptr);
  doc["kind"] = opt(f ? &f->kind : nullptr);
  doc["description"] = opt(f ? &f->description : nullptr);
  doc["reason"] = opt(f ? &f->reason : nullptr);
  Json steps = Json::array();
  if (f) {
    steps.push_back({{"index", 0}, {"action", nullptr}, {"state", state_json(f->trace.initial)}});
    for (size_t i = 0; i < f->trace.steps.size(); ++i)
      steps.push_back({{"index", i + 1},
                       {"action", f->trace.steps[i].label},
                       {"state", state_json(f->trace.steps[i].state)}});
  }
  doc["steps"] = std::move(steps);
  return doc;
}

std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void write_trace_json(std::ostream& out, const TraceJsonHeader& header, const Finding* finding) {
  const Json doc = trace_json(header, finding);
  out << "{\n";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    out << "  " << json_text(it.key()) << ": ";
    if (it.key() != "steps") {
      out << json_text(*it) << ",\n";
      continue;
    }
    out << "[";
    for (size_t i = 0; i < it->size(); ++i)
      out << (i ? ",\n    " : "\n    ") << json_text((*it)[i]);
    out << (it->empty() ? "]\n" : "\n  ]\n");
  }
  out << "}\n";
}

}  // namespace faultline
