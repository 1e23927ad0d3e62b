/* Host stand-in for <linux/bits.h>. */
#ifndef BIT_ULL
#define BIT_ULL(n) (1ULL << (n))
#endif
