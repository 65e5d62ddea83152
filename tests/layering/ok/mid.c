#include "shared.h"
int mid(void) { return bump(); }
