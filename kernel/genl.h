/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the generic netlink requests (genl.c).
 */
#ifndef PHTRACK_GENL_H
#define PHTRACK_GENL_H

int ph_genl_init(void);
void ph_genl_exit(void);

#endif /* PHTRACK_GENL_H */
