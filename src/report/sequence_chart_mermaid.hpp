// A SequenceChart as a Mermaid sequence diagram (`faultline check --trace-format mermaid`),
// to paste into a design document or pull request:
//   participant per lane; "A->>B: step N: Msg" per delivered message (drawn at delivery,
//   with "(sent at step K)" when it waited, "(copy made at step K)" for a duplicated copy);
//   "A-xB: step N: dropped Msg" per drop; "Note over" for duplicates, crashes, restarts,
//   partitions, heals, local steps, pauses, resumes and clock drift ("Note over A: step N:
//   pause (up to 1 tick)", "... clock lags (reads 3)"), over all lanes for a tick of true time
//   ("Note over A,Z: step N: tick t=3"); "Note right of A" with A's changed state after each
//   step; and a final "Note over" stating the violated property (or reached goal) and why.
// Text is escaped for Mermaid: ';' and '#' (which end or start tokens), '<' and '>' become
// entity codes (#59; #35; #lt; #gt;); line breaks become <br/>.
#pragma once
#include <ostream>
#include <string>

#include "report/sequence_chart.hpp"

namespace faultline {

// `s` safe as Mermaid message or note text.
std::string mermaid_text(const std::string& s);

void write_sequence_chart_mermaid(std::ostream& out, const SequenceChart& chart);

}  // namespace faultline
