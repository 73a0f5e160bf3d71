// payment-checker: faultline's command line with the payment model added to the built-in ones
// (`payment-checker check payment_correct.ini`, `payment-checker list`).
#include "cli/cli.hpp"
#include "payment.hpp"

int main(int argc, char** argv) { return faultline::run_cli(argc, argv, {payment_model_info()}); }
