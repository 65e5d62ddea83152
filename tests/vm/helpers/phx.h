/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PHX_H
#define PHX_H
int phx_do(int argc, char **argv);
int phx_bench(int argc, char **argv, const char *self);
int phx_time(int argc, char **argv);
int phx_storm(int argc, char **argv);
#endif
