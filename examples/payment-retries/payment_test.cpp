// Tests of the payment model (payment.hpp), with faultline's installed model contracts
// (testing/model_contracts.hpp): a state space counted by hand, the model contract (encoding,
// determinism, symmetry) on every reachable state, the correct design's pinned state count, and
// each bug's shortest counterexample.
#include "payment.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/model_contracts.hpp"

// The engine is compiled once, in payment.cpp, not again here.
FAULTLINE_EXTERN_ENGINE(payment::PaymentModel)

namespace payment {
namespace {

using faultline::CheckOptions, faultline::CheckResult, faultline::Verdict;
using namespace faultline::testing_support;

PaymentModel model(Variant v, unsigned clients = 1, unsigned retries = 2,
                   dist::FaultBudget faults = {}) {
  Payment p;
  p.variant = v;
  p.clients = clients;
  p.retries = retries;
  p.faults = faults;
  return PaymentModel(p);
}

dist::FaultBudget faults(uint8_t drop, uint8_t duplicate, uint8_t crash) {
  dist::FaultBudget f;
  f.drop = drop;
  f.duplicate = duplicate;
  f.crash = crash;
  return f;
}

// One client, one retry, no faults, by hand (what changes, what is in flight):
//  0 start                                  5 3 -> deliver Receipt: paid; nothing
//  1 pay: Charge                            6 4 -> deliver Charge: stored Receipt; Receipt x2
//  2 1 -> timeout: Charge x2                7 4 -> deliver Receipt: paid; Charge
//  3 1 -> deliver: charged 1; Receipt       8 6 -> deliver Receipt (= 7 -> deliver Charge):
//  4 2 -> deliver (= 3 -> timeout):            paid; Receipt
//       charged 1; Receipt, Charge
// A Receipt to a client that is already paid changes nothing, so it is no step.
TEST(PaymentTest, OneClientOneRetryCountedByHand) {
  const CheckResult r = faultline::check_model(model(Variant::Correct, 1, 1), workers(1));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.stats.distinct_states, 9u);
}

TEST(PaymentTest, ModelContractOnEveryReachableState) {
  for (Variant v : {Variant::Correct, Variant::ForgetKeysOnCrash})
    expect_model_contract(model(v, 2, 2, faults(1, 1, 1)), 20000);
}

// payment_correct.ini: the same count for 1, 2 and 4 workers and by a reference search; with
// symmetry, c1 and c2 are interchangeable.
TEST(PaymentTest, CorrectHoldsWithFaults) {
  const auto m = model(Variant::Correct, 2, 2, faults(1, 1, 1));
  expect_holds_with_states(m, 6501);
  EXPECT_EQ(check_symmetry_contract(m), 3297u);
}

// The shortest counterexample (the same for every worker count, replayed by its labels).
void expect_double_charge(const PaymentModel& m, size_t steps) {
  expect_shortest_counterexample(m, "AtMostOnce", steps);
  EXPECT_EQ(faultline::check_model(m, workers(2)).finding->reason, "c was charged 2 times");
}

// payment_no_key.ini: pay, deliver, the retry timer fires, deliver the retry.
TEST(PaymentTest, NoIdempotencyKeyChargesTwiceInFourSteps) {
  const auto m = model(Variant::NoIdempotencyKey);
  expect_double_charge(m, 4);
  const CheckResult r = faultline::check_model(m, workers(1));
  EXPECT_EQ(r.finding->trace.steps.front().label, "pay c");
  EXPECT_EQ(r.finding->trace.steps.back().label, "deliver Charge(key=0) c->s");
}

TEST(PaymentTest, KeyPerAttemptChargesTwiceInFourSteps) {
  expect_double_charge(model(Variant::KeyPerAttempt), 4);
}

// pay, deliver, timeout, crash s, restart s, deliver the retry.
TEST(PaymentTest, ForgottenKeysChargeTwiceAfterACrash) {
  expect_double_charge(model(Variant::ForgetKeysOnCrash, 1, 2, faults(0, 0, 1)), 6);
  const CheckResult r =
      faultline::check_model(model(Variant::ForgetKeysOnCrash, 1, 2, faults(1, 1, 0)), workers(2));
  EXPECT_EQ(r.verdict, Verdict::Holds);  // without a crash the keys are never lost
}

}  // namespace
}  // namespace payment
