// libsvc: the versioned shared library of the upgrade test's service
// (tests/vm/upgrade/README.md).  SVC_VERSION is set by the build.
#include "libsvc.h"

const char *svc_version(void)
{
	return SVC_VERSION;
}
