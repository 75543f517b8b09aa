/* cli.h — the tfclock command as a function, so the executable and the
 * Python package (`python -m tfclock`) run one implementation. */
#ifndef TFC_CLI_H
#define TFC_CLI_H

/* Run `tfclock ARGS…` (argv[0] is the program name): writes to stdout and
 * stderr, reads stdin for '-', returns the exit status (0, 1 or 2). */
int tfc_cli_main(int argc, char **argv);

#endif
