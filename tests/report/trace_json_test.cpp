// JSON trace output: escaping and the document shape.
#include "report/trace_json.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

TEST(JsonQuote, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_quote(""), "\"\"");
  EXPECT_EQ(json_quote("plain"), "\"plain\"");
  EXPECT_EQ(json_quote("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(json_quote("a\nb\tc\rd\be\ff"), "\"a\\nb\\tc\\rd\\be\\ff\"");
  EXPECT_EQ(json_quote(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(json_quote(std::string("nul\0x", 5)), "\"nul\\u0000x\"");
  EXPECT_EQ(json_quote("/ and \x7f"), "\"/ and \x7f\"");
}

TEST(JsonQuote, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json_quote("p1\u2192a3 \u00e9 \U0001F600"), "\"p1\u2192a3 \u00e9 \U0001F600\"");
  EXPECT_EQ(json_quote("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(json_quote("a\xc3"), "\"a\\ufffd\"");                      // truncated sequence
  EXPECT_EQ(json_quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong '/'
  EXPECT_EQ(json_quote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(json_quote("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
}

TEST(TraceJson, DocumentShape) {
  Finding f{"Agreement", "invariant", "at most \"one\"", "a1 chose 1", testing::fake_trace()};
  f.trace.steps[1].state.push_back({"net.msg", "Accept(b=1)"});
  std::ostringstream out;
  write_trace_json(out, {"toy", "buggy", "violation"}, &f);
  EXPECT_EQ(out.str(),
            "{\n"
            "  \"model\": \"toy\",\n"
            "  \"variant\": \"buggy\",\n"
            "  \"verdict\": \"violation\",\n"
            "  \"property\": \"Agreement\",\n"
            "  \"kind\": \"invariant\",\n"
            "  \"description\": \"at most \\\"one\\\"\",\n"
            "  \"reason\": \"a1 chose 1\",\n"
            "  \"steps\": [\n"
            "    {\"index\": 0, \"action\": null, \"state\": {\"a1.promised\": \"0\", "
            "\"a2.promised\": \"0\", \"net.msg\": \"Prepare(b=1)\"}},\n"
            "    {\"index\": 1, \"action\": \"deliver Prepare(b=1) p1->a1\", \"state\": "
            "{\"a1.promised\": \"1\", \"a2.promised\": \"0\", \"net.msg\": \"Promise(b=1)\"}},\n"
            "    {\"index\": 2, \"action\": \"crash a2\", \"state\": {\"a1.promised\": \"1\", "
            "\"net.msg\": [\"Promise(b=1)\", \"Accept(b=1)\"]}}\n"
            "  ]\n"
            "}\n");
}

TEST(TraceJson, NoFinding) {
  std::ostringstream out;
  write_trace_json(out, {"toy", "correct", "holds"}, nullptr);
  EXPECT_EQ(out.str(),
            "{\n  \"model\": \"toy\",\n  \"variant\": \"correct\",\n  \"verdict\": \"holds\",\n"
            "  \"property\": null,\n  \"kind\": null,\n  \"description\": null,\n"
            "  \"reason\": null,\n  \"steps\": []\n}\n");
}

}  // namespace
}  // namespace faultline
