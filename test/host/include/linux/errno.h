/* Host stand-in: the system errno values, without recursing into this dir. */
#include <asm/errno.h>
