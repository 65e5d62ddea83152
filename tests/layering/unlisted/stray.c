int stray(void) { return 3; }
