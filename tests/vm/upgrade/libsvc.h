// libsvc: the upgrade test's versioned shared library (libsvc.so.1).
#ifndef LIBSVC_H
#define LIBSVC_H
const char *svc_version(void);
#endif
