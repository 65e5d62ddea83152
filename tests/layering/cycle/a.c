int b(int n);
int a(int n) { return n ? b(n - 1) : 0; }
