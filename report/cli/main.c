/* main.c — the tfclock executable; the command itself is in cli.c. */
#include "cli.h"

int main(int argc, char **argv) { return tfc_cli_main(argc, argv); }
