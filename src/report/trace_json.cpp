// JSON trace writer and string escaping.
#include "report/trace_json.hpp"

#include <cstdint>
#include <cstdio>
#include <map>
#include <vector>

namespace faultline {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

void write_state(std::ostream& out, const FieldList& fields) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> values;
  for (const auto& f : fields) {
    auto& v = values[f.name];
    if (v.empty()) order.push_back(f.name);
    v.push_back(f.value);
  }
  out << "{";
  for (size_t i = 0; i < order.size(); ++i) {
    const auto& v = values[order[i]];
    out << (i ? ", " : "") << json_quote(order[i]) << ": ";
    if (v.size() == 1) {
      out << json_quote(v[0]);
      continue;
    }
    out << "[";
    for (size_t k = 0; k < v.size(); ++k) out << (k ? ", " : "") << json_quote(v[k]);
    out << "]";
  }
  out << "}";
}

}  // namespace

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = utf8_length(s, i);
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

void write_trace_json(std::ostream& out, const TraceJsonHeader& h, const Finding* f) {
  auto opt = [&](const std::string* s) { return s ? json_quote(*s) : std::string("null"); };
  out << "{\n";
  out << "  \"model\": " << json_quote(h.model) << ",\n";
  out << "  \"variant\": " << json_quote(h.variant) << ",\n";
  out << "  \"verdict\": " << json_quote(h.verdict) << ",\n";
  out << "  \"property\": " << opt(f ? &f->property : nullptr) << ",\n";
  out << "  \"kind\": " << opt(f ? &f->kind : nullptr) << ",\n";
  out << "  \"description\": " << opt(f ? &f->description : nullptr) << ",\n";
  out << "  \"reason\": " << opt(f ? &f->reason : nullptr) << ",\n";
  out << "  \"steps\": [";
  if (f) {
    out << "\n    {\"index\": 0, \"action\": null, \"state\": ";
    write_state(out, f->trace.initial);
    out << "}";
    for (size_t i = 0; i < f->trace.steps.size(); ++i) {
      out << ",\n    {\"index\": " << i + 1
          << ", \"action\": " << json_quote(f->trace.steps[i].label) << ", \"state\": ";
      write_state(out, f->trace.steps[i].state);
      out << "}";
    }
    out << "\n  ";
  }
  out << "]\n}\n";
}

}  // namespace faultline
