int a(int n);
int c(int n) { return n ? a(n - 1) : 2; }
