/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal test reporting: "PASS name" / "FAIL name: why" lines. */
#ifndef MDL_TAP_H
#define MDL_TAP_H
#include <stdio.h>

struct tap {
	int passed, failed;
};

#define CHECK(t, name, cond, ...)                                   \
	do {                                                        \
		if (cond) {                                         \
			printf("PASS %s\n", name);                  \
			(t)->passed++;                              \
		} else {                                            \
			printf("FAIL %s: ", name);                  \
			printf(__VA_ARGS__);                        \
			printf("\n");                               \
			(t)->failed++;                              \
		}                                                   \
	} while (0)
#endif
