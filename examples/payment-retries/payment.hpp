// A payment API whose clients retry, on faultline's actor layer: clients c1..cN each send one
// Charge to the payment server s and resend it when their retry timer fires before a Receipt
// has come back. The network may lose and duplicate messages; s may crash and restart. With an
// idempotency key (the same key on every retry) s charges once and answers a retry with the
// stored receipt. Property AtMostOnce: no customer is charged twice.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <variant>

#include "core/model_info.hpp"
#include "dist/actor_model.hpp"

namespace payment {

namespace dist = faultline::dist;

struct Charge {
  uint8_t key = 0;  // the idempotency key (1, 2, ...); 0: the request carries none
  FAULTLINE_FIELDS(Charge, key)
};
struct Receipt {
  uint8_t charge = 0;  // which charge of this customer the server made (1 = the first)
  FAULTLINE_FIELDS(Receipt, charge)
};

struct Client {
  uint8_t attempts = 0;            // Charge requests sent so far
  std::optional<uint8_t> receipt;  // the first Receipt that arrived
  FAULTLINE_FIELDS(Client, attempts, receipt)
};

// A processed idempotency key and the response stored with it.
struct KeyRecord {
  dist::NodeRef customer;
  uint8_t key = 0;
  uint8_t receipt = 0;
  FAULTLINE_FIELDS(KeyRecord, customer, key, receipt)
};

struct Server {
  std::set<std::pair<dist::NodeRef, uint8_t>> charges;  // the ledger: (c, n) for c's n-th charge
  std::set<KeyRecord> keys;                             // the key table
  FAULTLINE_FIELDS(Server, charges, keys)
  FAULTLINE_DURABLE(Server, charges, keys)
};

enum class Variant : uint8_t {
  Correct,           // one key per payment, kept durably by the server
  NoIdempotencyKey,  // the server charges every Charge that arrives
  KeyPerAttempt,     // the client makes a new key for every retry
  ForgetKeysOnCrash  // the server keeps its key table in memory only
};

struct Payment
    : dist::Protocol<Payment, std::variant<Charge, Receipt>, dist::ByRole<Server, Client>> {
  static constexpr bool symmetric = true;     // clients are interchangeable
  static constexpr dist::NodeId kServer = 0;  // s is the first node
  static constexpr unsigned kRetryTimer = 0;

  unsigned clients = 1;
  unsigned retries = 2;  // resends after the first Charge
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  dist::FaultBudget faults;
  Variant variant = Variant::Correct;

  Config actor_config() const;
  void on_message(Actor& self, Server& server, dist::NodeId from, const Msg& msg) const;
  void on_message(Actor& self, Client& client, dist::NodeId from, const Msg& msg) const;
  void on_timer(Actor& self, Client& client, unsigned timer) const;
  Steps local_steps() const;
  Properties properties() const;
};

using PaymentModel = dist::ActorModel<Payment>;

}  // namespace payment

// The model's registration, for run_cli (main.cpp).
faultline::ModelInfo payment_model_info();
