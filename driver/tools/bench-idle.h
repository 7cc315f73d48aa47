/* SPDX-License-Identifier: GPL-2.0 */
/* ractl bench-idle (bench-idle.c): argv[0] is "bench-idle", @device the device file. */
#ifndef RACTL_BENCH_IDLE_H
#define RACTL_BENCH_IDLE_H
int cmd_bench_idle(int argc, char **argv, const char *device);
#endif
