// The payment model's handlers, local steps, properties and registration (payment.hpp).
#include "payment.hpp"

#include <algorithm>
#include <string>

#include "trace/typed_runner.hpp"

namespace payment {

using dist::NodeId;

Payment::Config Payment::actor_config() const {
  return {.roles = {{.name = "s", .numbered = false},
                    {.name = "c",
                     .count = clients,
                     .crash = dist::CrashMode::Never,
                     .numbered = false,
                     .symmetric = true,
                     .what = "clients"}},
          .timers = {"retry"},
          .network = network,
          .faults = faults,
          .on_crash = [](const Payment& p, Node& node) {  // a key table kept in memory is lost
            if (p.variant == Variant::ForgetKeysOnCrash) std::get<Server>(node).keys.clear();
          }};
}

// The Charge a client sends on its n-th attempt.
static Charge charge_for(const Payment& p, uint8_t attempt) {
  if (p.variant == Variant::NoIdempotencyKey) return Charge{0};
  return Charge{p.variant == Variant::KeyPerAttempt ? attempt : uint8_t{1}};
}

void Payment::on_message(Actor& self, Server& server, NodeId from, const Msg& msg) const {
  const uint8_t key = std::get<Charge>(msg).key;
  for (const KeyRecord& r : server.keys)
    if (key != 0 && r.customer == from && r.key == key) {
      self.send(from, Receipt{r.receipt});  // a retry: the stored receipt, no new charge
      return;
    }
  const auto n = static_cast<uint8_t>(
      1 + std::ranges::count_if(server.charges, [&](const auto& c) { return c.first == from; }));
  server.charges.insert({from, n});
  if (key != 0) server.keys.insert({from, key, n});
  self.send(from, Receipt{n});
}

void Payment::on_message(Actor& self, Client& client, NodeId, const Msg& msg) const {
  if (client.receipt) return;  // a later Receipt changes nothing
  client.receipt = std::get<Receipt>(msg).charge;
  self.cancel_timer(kRetryTimer);
}

void Payment::on_timer(Actor& self, Client& client, unsigned) const {
  self.send(kServer, charge_for(*this, ++client.attempts));  // no Receipt yet: send again
  if (client.attempts <= retries) self.set_timer(kRetryTimer);
}

Payment::Steps Payment::local_steps() const {
  return {{.name = "pay",
           .enabled = [](const Client& client) { return client.attempts == 0; },
           .run =
               [](const Payment& p, Actor& self, Client& client) {
                 self.send(kServer, charge_for(p, ++client.attempts));
                 if (p.retries > 0) self.set_timer(kRetryTimer);
               }}};
}

Payment::Properties Payment::properties() const {
  return {
      .invariants = {{"AtMostOnce", "no customer is charged more than once",
                      [](const Payment& p, const State& s) -> Failure {
                        for (const auto& [customer, n] : s.node<Server>(kServer).charges)
                          if (n > 1)  // "c was charged 2 times"
                            return (p.clients == 1 ? std::string("c")
                                                   : "c" + std::to_string(customer.id)) +
                                   " was charged " + std::to_string(n) + " times";
                        return {};
                      }}},
      .goals = {{"Charged", "every customer has been charged and holds a receipt",
                 [](const Payment&, const State& s) {
                   return s.every<Client>([](const Client& c) { return c.receipt.has_value(); });
                 }}}};
}

}  // namespace payment

faultline::ModelInfo payment_model_info() {
  using namespace faultline;
  using payment::Payment, payment::Variant;
  return make_model_info<payment::PaymentModel>(ModelCard<Payment, Variant>{
      .name = "payment",
      .summary = "A payment API whose clients retry: clients c1..cN each send one Charge to "
                 "server s and resend it on a timer. Property: no customer is charged twice.",
      .params = {int_param("clients", &Payment::clients, 1, 1, 3, "number of clients"),
                 int_param("retries", &Payment::retries, 2, 0, 4,
                           "how many times a client resends its Charge"),
                 dist::network_param(&Payment::network), dist::fault_params(&Payment::faults)},
      .variant = &Payment::variant,
      .variants = {{"correct", Variant::Correct, "one idempotency key per payment, kept durably"},
                   {"no-idempotency-key", Variant::NoIdempotencyKey,
                    "requests carry no key: the server charges every Charge that arrives"},
                   {"key-per-attempt", Variant::KeyPerAttempt,
                    "the client makes a new key for every retry"},
                   {"forget-keys-on-crash", Variant::ForgetKeysOnCrash,
                    "the server keeps its key table in memory: a crash forgets it"}},
  });
}

// The engine for this model, compiled here once (payment_test.cpp declares it extern).
FAULTLINE_INSTANTIATE_ENGINE(payment::PaymentModel)
