/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - environment variable names recorded at exec (env.c).
 */
#ifndef PHTRACK_ENV_H
#define PHTRACK_ENV_H

struct ph_domain;

void ph_env_init(void);
void ph_exec_record_env(struct ph_domain *d);

#endif /* PHTRACK_ENV_H */
