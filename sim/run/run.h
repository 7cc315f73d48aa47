/* SPDX-License-Identifier: MIT */
#ifndef RA_RUN_H
#define RA_RUN_H

/* `ra-sim run ...`: argv[0] is "run". Returns the exit code. */
int ra_run_main(int argc, char **argv);

#endif
