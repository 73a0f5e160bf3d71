// The engine of each built-in model, compiled once, in the model's *_info.cpp
// (FAULTLINE_INSTANTIATE_ENGINE), and declared here for the other files that check a model
// directly (its tests), so that they do not compile it again.
#pragma once
#include "models/fencing/fencing.hpp"
#include "models/lease/lease.hpp"
#include "models/paxos/paxos.hpp"
#include "models/paxos_abstract/paxos_abstract.hpp"
#include "models/raft/raft.hpp"
#include "models/split_brain/split_brain.hpp"
#include "models/two_phase/two_phase.hpp"
#include "trace/check_model.hpp"

FAULTLINE_EXTERN_ENGINE(faultline::fencing::FencingModel)
FAULTLINE_EXTERN_ENGINE(faultline::lease::LeaseModel)
FAULTLINE_EXTERN_ENGINE(faultline::paxos::PaxosModel)
FAULTLINE_EXTERN_ENGINE(faultline::PaxosAbstract)
FAULTLINE_EXTERN_ENGINE(faultline::raft::RaftModel)
FAULTLINE_EXTERN_ENGINE(faultline::split_brain::SplitBrainModel)
FAULTLINE_EXTERN_ENGINE(faultline::two_phase::TwoPhaseModel)
