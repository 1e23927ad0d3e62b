// SPDX-License-Identifier: GPL-2.0
/*
 * Test hooks for the QEMU scenarios (CONFIG_DUMP_SELFTEST; never in a
 * production kernel): every way a kernel dies, on request.
 *
 *   /sys/kernel/dump/selftest_die   write "MODE [CPU]":
 *	hardirq    an oops in an hrtimer callback (hard interrupt context)
 *	ipi        an oops in an IPI callback on CPU
 *	softirq    an oops in a timer_list callback (softirq context)
 *	kthread    BUG() in a kernel thread on CPU
 *	warn       WARN() here (with panic_on_warn, a panic)
 *	hang       this task sleeps uninterruptibly for ever (hung_task_panic)
 *	lockup     a kernel thread on CPU spins with preemption off
 *		   (softlockup_panic)
 *	stack      the stack pointer runs into an unmapped guard page: the
 *		   double fault, through i386's task gate
 *	race       every online CPU oopses at the same moment
 *	spin       a kernel thread on CPU spins with interrupts off for ever,
 *		   then this task panics (from another CPU)
 *	console    the same, the spinning thread holding the console lock
 *	nmi_stuck  CPU takes an NMI that never returns, then this task panics:
 *		   that CPU cannot answer the crash NMI (the panic path must go
 *		   on without its registers)
 *	nobme      the panic path leaves PCI bus mastering on (dump_dma_32.c)
 *   /sys/kernel/dump/selftest_dma   write "N": a kernel thread reads
 *	/dev/vda into N ZONE_DMA pages, in a loop, so a device is writing
 *	into the low window when the panic hits; read: "DMAPAGE pfn" lines,
 *	the buffers, the pages of the disk's virtqueue rings and of its
 *	requests' driver data (the device writes their status bytes).
 */
#define pr_fmt(fmt) "dump selftest: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/console.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kobject.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/sysfs.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <linux/virtio.h>
#include <linux/dump.h>
#include <asm/apic.h>
#include <asm/nmi.h>

static int *selftest_die_null;
static struct hrtimer selftest_hrtimer;
static struct timer_list selftest_timer;
static atomic_t selftest_race_in;
static int selftest_nmi_cpu = -1;
static bool selftest_skip_bme;

/*
 * Each way to die is its own function, so crash's bt names it; the fault
 * itself is one call deeper, in a leaf without a frame of its own.
 */
static noinline void dump_selftest_fault(int v)
{
	WRITE_ONCE(*selftest_die_null, v);
}

static noinline enum hrtimer_restart dump_selftest_hardirq(struct hrtimer *t)
{
	dump_selftest_fault(1);
	return HRTIMER_NORESTART;
}

static noinline void dump_selftest_ipi(void *unused)
{
	dump_selftest_fault(2);
}

static noinline void dump_selftest_softirq(struct timer_list *t)
{
	dump_selftest_fault(3);
}

static noinline void dump_selftest_bug(void)
{
	BUG();
}

static noinline int dump_selftest_kthread(void *unused)
{
	dump_selftest_bug();
	return 0;
}

static noinline int dump_selftest_lockup(void *unused)
{
	preempt_disable();
	for (;;)
		cpu_relax();
	return 0;
}

static noinline int dump_selftest_spin(void *console)
{
	if (console)
		console_lock();
	local_irq_disable();
	for (;;)
		cpu_relax();
	return 0;
}

static noinline void dump_selftest_hang(void)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
}

/*
 * A stack overflow as i386 sees it: the stack pointer moves into a page
 * that is not mapped (here the guard page before a vmalloc area), the
 * page fault cannot push its frame, and the CPU raises a double fault,
 * which i386 handles through a task gate on a stack of its own.
 */
static noinline void dump_selftest_stack(void)
{
	void *area = vmalloc(PAGE_SIZE);

	if (!area)
		return;
	asm volatile("movl %0, %%esp\n\tpushl $0" : : "r" (area) : "memory");
}

static noinline void dump_selftest_race(void *unused)
{
	atomic_inc(&selftest_race_in);
	while (atomic_read(&selftest_race_in) < num_online_cpus())
		cpu_relax();
	dump_selftest_fault(4);
}

static int dump_selftest_nmi(unsigned int type, struct pt_regs *regs)
{
	if (smp_processor_id() != READ_ONCE(selftest_nmi_cpu))
		return NMI_DONE;
	for (;;)
		cpu_relax();
	return NMI_HANDLED;
}

static int selftest_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *name)
{
	struct task_struct *t = kthread_create(fn, arg, "%s/%d", name, cpu);

	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, cpu);
	wake_up_process(t);
	return 0;
}

/**
 * dump_selftest_leave_bme() - should the panic path leave bus mastering on?
 *
 * Return: true when a test asked for it (to show what it protects from).
 */
bool dump_selftest_leave_bme(void)
{
	return READ_ONCE(selftest_skip_bme);
}

static ssize_t selftest_die_store(struct kobject *kobj, struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	char mode[16];
	int cpu = 0, n, ret = 0;

	n = sscanf(buf, "%15s %d", mode, &cpu);
	if (n < 1 || cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -EINVAL;
	pr_info("dying by %s on CPU %d\n", mode, cpu);
	if (!strcmp(mode, "hardirq")) {
		hrtimer_init(&selftest_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		selftest_hrtimer.function = dump_selftest_hardirq;
		hrtimer_start(&selftest_hrtimer, ms_to_ktime(10), HRTIMER_MODE_REL_HARD);
	} else if (!strcmp(mode, "ipi")) {
		ret = smp_call_function_single(cpu, dump_selftest_ipi, NULL, 0);
	} else if (!strcmp(mode, "softirq")) {
		timer_setup(&selftest_timer, dump_selftest_softirq, 0);
		mod_timer(&selftest_timer, jiffies + 1);
	} else if (!strcmp(mode, "kthread")) {
		ret = selftest_on_cpu(dump_selftest_kthread, NULL, cpu, "dumptest-bug");
	} else if (!strcmp(mode, "warn")) {
		WARN(1, "dump selftest: a warning on request");
	} else if (!strcmp(mode, "hang")) {
		dump_selftest_hang();
	} else if (!strcmp(mode, "lockup")) {
		ret = selftest_on_cpu(dump_selftest_lockup, NULL, cpu, "dumptest-lockup");
	} else if (!strcmp(mode, "stack")) {
		dump_selftest_stack();
	} else if (!strcmp(mode, "race")) {
		atomic_set(&selftest_race_in, 0);
		on_each_cpu(dump_selftest_race, NULL, 0);
	} else if (!strcmp(mode, "spin") || !strcmp(mode, "console")) {
		ret = selftest_on_cpu(dump_selftest_spin, mode[0] == 'c' ? mode : NULL, cpu,
				      "dumptest-spin");
		/* Not msleep(): jiffies stop when the spinning CPU keeps the tick. */
		mdelay(200);
		if (!ret)
			panic("dump selftest: panic while CPU %d spins with interrupts off%s", cpu,
			      mode[0] == 'c' ? ", holding the console lock" : "");
	} else if (!strcmp(mode, "nmi_stuck")) {
		ret = register_nmi_handler(NMI_LOCAL, dump_selftest_nmi, 0, "dumptest");
		if (!ret) {
			WRITE_ONCE(selftest_nmi_cpu, cpu);
			apic->send_IPI(cpu, NMI_VECTOR);
			mdelay(100);
			panic("dump selftest: panic while CPU %d is stuck in an NMI", cpu);
		}
	} else if (!strcmp(mode, "nobme")) {
		WRITE_ONCE(selftest_skip_bme, true);
	} else {
		ret = -EINVAL;
	}
	/* Deaths that come later: wait here, so this task does nothing meanwhile. */
	if (!ret && strcmp(mode, "nobme"))
		msleep(5000);
	return ret ? ret : count;
}

/* DMA in flight: a kernel thread keeps reading the disk into ZONE_DMA pages. */
#define SELFTEST_DMA_MAX 16
static struct page *selftest_dma_pages[SELFTEST_DMA_MAX];
static int selftest_dma_nr;
static struct block_device *selftest_dma_bdev;

static int dump_selftest_dma(void *arg)
{
	struct block_device *bdev = arg;
	sector_t sector = 0;
	int i;

	while (!kthread_should_stop()) {
		struct bio *bio = bio_alloc(bdev, selftest_dma_nr, REQ_OP_READ, GFP_KERNEL);

		bio->bi_iter.bi_sector = sector;
		for (i = 0; i < selftest_dma_nr; i++)
			bio_add_page(bio, selftest_dma_pages[i], PAGE_SIZE, 0);
		submit_bio_wait(bio);
		bio_put(bio);
		sector = (sector + 8 * selftest_dma_nr) % 65536;
	}
	return 0;
}

static ssize_t selftest_dma_store(struct kobject *kobj, struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	struct block_device *bdev;
	struct task_struct *t;
	int n, i;

	if (kstrtoint(buf, 0, &n) || n < 1 || n > SELFTEST_DMA_MAX || selftest_dma_nr)
		return -EINVAL;
	bdev = blkdev_get_by_path("/dev/vda", FMODE_READ, selftest_dma_pages);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	for (i = 0; i < n; i++) {
		selftest_dma_pages[i] = alloc_page(GFP_KERNEL | GFP_DMA);
		if (!selftest_dma_pages[i])
			return -ENOMEM;
	}
	selftest_dma_nr = n;
	selftest_dma_bdev = bdev;
	t = kthread_run(dump_selftest_dma, bdev, "dumptest-dma");
	return IS_ERR(t) ? PTR_ERR(t) : count;
}

/* The pages of [start, start + len), each once after *last. */
static int selftest_emit_range(char *buf, int n, u64 start, u64 len, u64 *last)
{
	u64 pfn;

	for (pfn = start >> PAGE_SHIFT; pfn <= (start + len - 1) >> PAGE_SHIFT; pfn++) {
		if (pfn == *last)
			continue;
		n += sysfs_emit_at(buf, n, "DMAPAGE %#llx\n", pfn);
		*last = pfn;
	}
	return n;
}

static ssize_t selftest_dma_show(struct kobject *kobj, struct kobj_attribute *attr,
				 char *buf)
{
	struct virtio_device *vdev;
	struct virtqueue *vq;
	struct blk_mq_tag_set *set;
	struct blk_mq_tags *tags;
	unsigned int h, r;
	int i, n = 0;
	u64 num, last = U64_MAX;

	for (i = 0; i < selftest_dma_nr; i++)
		n += sysfs_emit_at(buf, n, "DMAPAGE %#lx\n", page_to_pfn(selftest_dma_pages[i]));
	if (!selftest_dma_bdev)
		return n;
	/* virtio_blk adds its disk under the virtio device (split rings). */
	vdev = dev_to_virtio(disk_to_dev(selftest_dma_bdev->bd_disk)->parent);
	list_for_each_entry(vq, &vdev->vqs, list) {
		num = virtqueue_get_vring_size(vq);
		n = selftest_emit_range(buf, n, virtqueue_get_desc_addr(vq), 16 * num, &last);
		n = selftest_emit_range(buf, n, virtqueue_get_avail_addr(vq), 6 + 2 * num, &last);
		n = selftest_emit_range(buf, n, virtqueue_get_used_addr(vq), 6 + 8 * num, &last);
	}
	/*
	 * The device also writes each request's status byte, in the driver's
	 * per-request data (virtblk_req, cmd_size bytes after the request).
	 */
	set = bdev_get_queue(selftest_dma_bdev)->tag_set;
	for (h = 0; set && h < set->nr_hw_queues; h++) {
		tags = set->tags[h];
		for (r = 0; tags && r < tags->nr_tags; r++) {
			struct request *rq = tags->static_rqs[r];

			if (rq)
				n = selftest_emit_range(buf, n, virt_to_phys(blk_mq_rq_to_pdu(rq)),
							set->cmd_size, &last);
		}
	}
	return n;
}

static struct kobj_attribute selftest_die_attr = __ATTR(selftest_die, 0200, NULL,
							 selftest_die_store);
static struct kobj_attribute selftest_dma_attr =
	__ATTR(selftest_dma, 0600, selftest_dma_show, selftest_dma_store);

static struct attribute *selftest_die_attrs[] = {
	&selftest_die_attr.attr,
	&selftest_dma_attr.attr,
	NULL,
};

static const struct attribute_group selftest_die_group = {
	.attrs = selftest_die_attrs,
};

static int __init dump_selftest_die_init(void)
{
	if (!dump_kobj)
		return -ENODEV;
	return sysfs_create_group(dump_kobj, &selftest_die_group);
}
late_initcall(dump_selftest_die_init);
