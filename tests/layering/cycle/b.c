int c(int n);
int b(int n) { return n ? c(n - 1) : 1; }
