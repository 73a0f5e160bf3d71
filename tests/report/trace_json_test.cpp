// JSON trace output: escaping, the document shape and its one-step-a-line layout.
#include "report/trace_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/spec/fake_model.hpp"

namespace faultline {
namespace {

TEST(JsonText, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_text(Json("")), "\"\"");
  EXPECT_EQ(json_text(Json("say \"hi\"\\")), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(json_text(Json("a\nb\tc\rd\be\ff")), "\"a\\nb\\tc\\rd\\be\\ff\"");
  EXPECT_EQ(json_text(Json(std::string("\x01\x1f", 2))), "\"\\u0001\\u001f\"");
  EXPECT_EQ(json_text(Json(std::string("nul\0x", 5))), "\"nul\\u0000x\"");
}

TEST(JsonText, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json_text(Json("p1\u2192a3 \u00e9")), "\"p1\u2192a3 \u00e9\"");
  for (const std::string bad : {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    std::string text = json_text(Json(bad));
    EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos) << text;  // U+FFFD
    EXPECT_TRUE(Json::accept(text)) << text;
  }
}

TEST(TraceJson, DocumentShapeOneStepALine) {
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
            "    {\"index\":0,\"action\":null,\"state\":{\"a1.promised\":\"0\","
            "\"a2.promised\":\"0\",\"net.msg\":\"Prepare(b=1)\"}},\n"
            "    {\"index\":1,\"action\":\"deliver Prepare(b=1) p1->a1\",\"state\":"
            "{\"a1.promised\":\"1\",\"a2.promised\":\"0\",\"net.msg\":\"Promise(b=1)\"}},\n"
            "    {\"index\":2,\"action\":\"crash a2\",\"state\":{\"a1.promised\":\"1\","
            "\"net.msg\":[\"Promise(b=1)\",\"Accept(b=1)\"]}}\n"
            "  ]\n"
            "}\n");
  // The layout is valid JSON and equals the document built in memory.
  EXPECT_EQ(Json::parse(out.str()), trace_json({"toy", "buggy", "violation"}, &f));
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
