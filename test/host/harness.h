/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few lines every host unit test binary shares: EXPECT() records a
 * failure of the current test, run() prints "PASS name" or the failures.
 */
#ifndef _DUMP_HOST_HARNESS_H
#define _DUMP_HOST_HARNESS_H

#include <stdio.h>

static int failures, passes;
static const char *cur;
static int cur_failed;

#define EXPECT(cond, fmt, ...) do {						\
	if (!(cond)) {								\
		printf("FAIL %s: " fmt " (%s:%d)\n", cur, ##__VA_ARGS__,	\
		       __FILE__, __LINE__);					\
		cur_failed = 1;							\
	}									\
} while (0)

static void run(const char *name, void (*fn)(void))
{
	cur = name;
	cur_failed = 0;
	fn();
	if (cur_failed)
		failures++;
	else {
		passes++;
		printf("PASS %s\n", name);
	}
}

#define TABLE_SIZE(t) (sizeof(t) / sizeof((t)[0]))

#endif /* _DUMP_HOST_HARNESS_H */
