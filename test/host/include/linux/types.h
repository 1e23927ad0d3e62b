/* Host stand-in for <linux/types.h>: the pure dump code builds in userspace. */
#ifndef _HOST_LINUX_TYPES_H
#define _HOST_LINUX_TYPES_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#define fallthrough __attribute__((__fallthrough__))
#endif
