/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment glue for the phtrack policy code.
 *
 * The files of policy/ are compiled both into the kernel module and into the
 * userspace tools, tests and fuzzers.  Everything that differs between the two
 * worlds (headers, allocation) lives here so that the .c files stay neutral.
 */
#ifndef PH_POLICY_ENV_H
#define PH_POLICY_ENV_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

/* Zeroed allocation; may sleep, so never call the parser in atomic context. */
#define PH_POLICY_ALLOC(size) kzalloc((size), GFP_KERNEL)
#define PH_POLICY_FREE(p) kfree(p)

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

/* The kernel's fixed-width type names, from the uapi ones. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define PH_POLICY_ALLOC(size) calloc(1, (size))
#define PH_POLICY_FREE(p) free(p)

#endif /* __KERNEL__ */

#endif /* PH_POLICY_ENV_H */
