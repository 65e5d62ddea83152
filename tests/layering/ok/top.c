#include "shared.h"
int top(void) { return mid() + 1; }
