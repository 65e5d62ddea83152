/* One header that declares everything: it must not hide an edge. */
int top(void);
int mid(void);
extern int bottom_count;
static inline int bump(void) { return ++bottom_count; }
