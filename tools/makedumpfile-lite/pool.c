// SPDX-License-Identifier: GPL-2.0
/*
 * A fixed set of worker threads that run one job at a time: fn(arg, i,
 * worker) for every i in [0, n), indices handed out one by one.  The
 * caller starts a job, may do other work meanwhile (read the next batch
 * of pages), then waits for it.  What a job computes for index i must not
 * depend on which worker runs it: that keeps the output the same for any
 * number of threads.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "mdl.h"

struct mdl_pool {
	pthread_mutex_t lock;
	pthread_cond_t go, done;
	pthread_t *tid;
	unsigned int nthreads, started, busy;
	bool stop;
	uint64_t gen;		/* job number, so a worker runs each job once */
	void (*fn)(void *arg, size_t i, unsigned int worker);
	void *arg;
	size_t n, next;
};

struct worker_arg {
	struct mdl_pool *p;
	unsigned int id;
};

static void *worker(void *a)
{
	struct worker_arg *wa = a;
	struct mdl_pool *p = wa->p;
	unsigned int id = wa->id;
	uint64_t seen = 0;

	free(wa);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->gen == seen)
			pthread_cond_wait(&p->go, &p->lock);
		if (p->stop)
			break;
		seen = p->gen;
		while (p->next < p->n) {
			size_t i = p->next++;

			pthread_mutex_unlock(&p->lock);
			p->fn(p->arg, i, id);
			pthread_mutex_lock(&p->lock);
		}
		if (--p->busy == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int mdl_pool_create(struct mdl_ctx *ctx, unsigned int nthreads, struct mdl_pool **out)
{
	struct mdl_pool *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (!p || !(p->tid = calloc(nthreads, sizeof(*p->tid)))) {
		free(p);
		return mdl_err(ctx, ENOMEM, "out of memory for threads");
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	p->nthreads = nthreads;
	for (i = 0; i < nthreads; i++) {
		struct worker_arg *wa = malloc(sizeof(*wa));
		int e;

		if (!wa) {
			mdl_pool_destroy(p);
			return mdl_err(ctx, ENOMEM, "out of memory for threads");
		}
		wa->p = p;
		wa->id = i;
		e = pthread_create(&p->tid[i], NULL, worker, wa);
		if (e) {
			free(wa);
			mdl_pool_destroy(p);
			return mdl_err(ctx, e, "cannot start thread %u", i);
		}
		p->started++;
	}
	*out = p;
	return 0;
}

void mdl_pool_start(struct mdl_pool *p, void (*fn)(void *, size_t, unsigned int), void *arg,
		    size_t n)
{
	pthread_mutex_lock(&p->lock);
	p->fn = fn;
	p->arg = arg;
	p->n = n;
	p->next = 0;
	p->busy = p->started;
	p->gen++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->lock);
}

void mdl_pool_wait(struct mdl_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->busy)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

void mdl_pool_destroy(struct mdl_pool *p)
{
	unsigned int i;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->started; i++)
		pthread_join(p->tid[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	free(p->tid);
	free(p);
}
