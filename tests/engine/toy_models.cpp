// The engine for each toy model (tests/engine/toy_models.hpp), compiled once for every engine
// test that checks one.
#include "tests/engine/toy_models.hpp"

FAULTLINE_INSTANTIATE_ENGINE(faultline::toy::Grid)
FAULTLINE_INSTANTIATE_ENGINE(faultline::toy::Counter)
FAULTLINE_INSTANTIATE_ENGINE(faultline::toy::RandomGraph)
FAULTLINE_INSTANTIATE_ENGINE(faultline::toy::Shuffling)
FAULTLINE_INSTANTIATE_ENGINE(faultline::toy::FingerprintCollision)
