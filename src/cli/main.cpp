// The faultline executable: the CLI over the built-in models.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return faultline::run_cli(argc, argv); }
