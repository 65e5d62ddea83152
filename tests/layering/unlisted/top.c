int stray(void);
int top(void) { return stray(); }
