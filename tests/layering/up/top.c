int bottom(void);
int top_calls;
int top(void) { return bottom(); }
