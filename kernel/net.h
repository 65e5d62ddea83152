/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - network and capability access recording.
 */
#ifndef PHTRACK_NET_H
#define PHTRACK_NET_H

#include <linux/ptrace.h>

void ph_h_socket_bind(struct pt_regs *regs);
void ph_h_socket_connect(struct pt_regs *regs);
void ph_h_socket_listen(struct pt_regs *regs);
void ph_h_socket_accept(struct pt_regs *regs);
void ph_h_socket_sendmsg(struct pt_regs *regs);
void ph_h_socket_recvmsg(struct pt_regs *regs);
const char *ph_cap_name(int cap);

#endif /* PHTRACK_NET_H */
