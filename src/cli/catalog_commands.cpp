// Renders the model catalog for `list` and `describe`, in aligned columns.
#include "cli/catalog_commands.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace faultline {
namespace {

// Prints rows of cells with every column but the last padded to its widest cell.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                 const std::string& indent = "  ") {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t c = 0; c + 1 < row.size(); ++c) {
      if (width.size() <= c) width.resize(c + 1, 0);
      width[c] = std::max(width[c], row[c].size());
    }
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

const char* kind_name(PropertyKind k) {
  switch (k) {
    case PropertyKind::Invariant:
      return "invariant";
    case PropertyKind::Step:
      return "step";
    case PropertyKind::Goal:
      return "goal";
  }
  return "?";
}

}  // namespace

void write_model_list(std::ostream& out, const std::vector<ModelInfo>& models) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : models) {
    std::string variants;
    for (const auto& v : m.variants) variants += (variants.empty() ? "" : ", ") + v.name;
    rows.push_back({m.name, m.summary});
    rows.push_back({"", "variants: " + (variants.empty() ? std::string("correct") : variants)});
  }
  write_table(out, rows, "");
}

void write_model_description(std::ostream& out, const std::vector<ModelInfo>& models,
                             const std::string& name) {
  const ModelInfo* model = nullptr;
  std::string known;
  for (const auto& m : models) {
    if (m.name == name) model = &m;
    known += (known.empty() ? "" : ", ") + m.name;
  }
  if (!model) throw SpecError("model '" + name + "' is unknown (known: " + known + ")");

  out << model->name << ": " << model->summary << "\n";
  out << "\nparameters (spec-file key, accepted values, default):\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& section : {"params", "faults"})
    for (const auto& p : model->params)
      if (p.section == section)
        rows.push_back(
            {p.section + "." + p.name, p.accepted(), "default " + p.default_value, p.help});
  if (rows.empty()) out << "  (none)\n";
  write_table(out, rows);

  out << "\nvariants (model.variant; the first is the default):\n";
  rows.clear();
  for (const auto& v : model->variants) rows.push_back({v.name, v.help});
  write_table(out, rows);

  out << "\nproperties (with default parameters):\n";
  const std::string variant = model->variants.empty() ? "correct" : model->variants.front().name;
  auto runner = model->make(ParamValues::resolve(model->params, {}, model->name), variant);
  rows.clear();
  for (const auto& p : runner->properties())
    rows.push_back({kind_name(p.kind), p.name, p.description});
  if (rows.empty()) out << "  (none)\n";
  write_table(out, rows);

  out << "\nsymmetry and sweep (with default parameters):\n";
  const std::string symmetry = runner->symmetry(), progress = runner->progress_measure();
  write_table(out, {{"engine.symmetry = on", symmetry.empty() ? "(none declared)" : symmetry},
                    {"engine.sweep = on", progress.empty()
                                              ? "(no graded progress measure)"
                                              : "levels forgotten once explored; graded "
                                                "progress measure: " + progress}});
}

}  // namespace faultline
