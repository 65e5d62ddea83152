/* The shared header of the tree would declare this: still an edge. */
extern int top_calls;
int bottom(void) { return ++top_calls; }
