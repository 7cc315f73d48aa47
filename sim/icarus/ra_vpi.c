// SPDX-License-Identifier: MIT
/*
 * ra_vpi - Icarus Verilog binding of ra_top for the C test bench (struct ra_sim_ops), and the
 * directed test set (tests/cosim/directed.c) run through it.
 *
 * vvp -M <dir> -m ra_vpi tb.vvp +transcript=FILE +latency=N
 *
 * The C test owns the control flow: it calls cycle() whenever it wants the clock to advance.
 * It therefore runs in a thread of its own, and the two threads hand control to each other
 * once per clock cycle. Every vpi_*() call is made on the simulator thread:
 *
 *   test thread                         simulator thread (tb_ra_top.v, clock low)
 *   cycle(p): post p, wait    ------>   $ra_vpi_cycle: take p, drive the inputs that changed,
 *                                       register a cbReadOnlySynch for this time step
 *                                       ... the logic settles ...
 *             resume          <------   cbReadOnlySynch: copy the outputs into p
 *                                       rising clock edge, clock low again, $ra_vpi_cycle
 *
 * So cycle() applies the inputs, lets them settle, copies the outputs as they stand before
 * the rising edge and clocks the edge, exactly like the Verilator binding (ra_vl.cpp). The
 * edge itself runs while the test thread computes the next cycle's inputs; $ra_vpi_cycle does
 * not touch the DUT before the test posts them.
 *
 * One simulation serves every device the test makes in turn (directed_run makes a fresh one
 * per case): a device holds the simulation from ra_dev_rtl_sim() to its destroy(), and each
 * new device starts with ra_rtl_reset() as it does under Verilator. (A Verilated model is
 * fresh for each device, so registers that reset does not clear, address and data payloads,
 * can differ in the first reset cycle of a device, with their valid signals low.)
 *
 * X and Z bits on outputs read as 0 (a Verilated model starts with every bit 0); outputs that
 * carry X or Z out of reset are listed at the end.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vpi_user.h>

#include "directed.h"
#include "ra_dev.h"
#include "ra_rtl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define EXPORT __attribute__((visibility("default")))

/* How a pin is held in struct ra_pins. */
enum pin_kind { PK_BOOL, PK_U8, PK_U16, PK_U32, PK_U64, PK_U128 };

struct pin_desc {
	const char *name;	/* signal in the tb (named like the ra_top port) */
	size_t off;		/* field in struct ra_pins */
	enum pin_kind kind;
	bool input;		/* an input of ra_top, driven by the C side */
};

#define PIN_IN(n, f, k) { n, offsetof(struct ra_pins, f), k, true }
#define PIN_OUT(n, f, k) { n, offsetof(struct ra_pins, f), k, false }

static const struct pin_desc pin_descs[] = {
	PIN_IN("rst_ni", rst_n, PK_BOOL),
	PIN_IN("s_axil_awaddr", s_awaddr, PK_U32),
	PIN_IN("s_axil_awvalid", s_awvalid, PK_BOOL),
	PIN_IN("s_axil_wdata", s_wdata, PK_U32),
	PIN_IN("s_axil_wstrb", s_wstrb, PK_U8),
	PIN_IN("s_axil_wvalid", s_wvalid, PK_BOOL),
	PIN_IN("s_axil_bready", s_bready, PK_BOOL),
	PIN_IN("s_axil_araddr", s_araddr, PK_U32),
	PIN_IN("s_axil_arvalid", s_arvalid, PK_BOOL),
	PIN_IN("s_axil_rready", s_rready, PK_BOOL),
	PIN_IN("m_axi_awready", m_awready, PK_BOOL),
	PIN_IN("m_axi_wready", m_wready, PK_BOOL),
	PIN_IN("m_axi_bid", m_bid, PK_U32),
	PIN_IN("m_axi_bresp", m_bresp, PK_U8),
	PIN_IN("m_axi_bvalid", m_bvalid, PK_BOOL),
	PIN_IN("m_axi_arready", m_arready, PK_BOOL),
	PIN_IN("m_axi_rid", m_rid, PK_U32),
	PIN_IN("m_axi_rdata", m_rdata, PK_U128),
	PIN_IN("m_axi_rresp", m_rresp, PK_U8),
	PIN_IN("m_axi_rlast", m_rlast, PK_BOOL),
	PIN_IN("m_axi_rvalid", m_rvalid, PK_BOOL),
	PIN_OUT("s_axil_awready", s_awready, PK_BOOL),
	PIN_OUT("s_axil_wready", s_wready, PK_BOOL),
	PIN_OUT("s_axil_bresp", s_bresp, PK_U8),
	PIN_OUT("s_axil_bvalid", s_bvalid, PK_BOOL),
	PIN_OUT("s_axil_arready", s_arready, PK_BOOL),
	PIN_OUT("s_axil_rdata", s_rdata, PK_U32),
	PIN_OUT("s_axil_rresp", s_rresp, PK_U8),
	PIN_OUT("s_axil_rvalid", s_rvalid, PK_BOOL),
	PIN_OUT("m_axi_awid", m_awid, PK_U32),
	PIN_OUT("m_axi_awaddr", m_awaddr, PK_U64),
	PIN_OUT("m_axi_awlen", m_awlen, PK_U8),
	PIN_OUT("m_axi_awsize", m_awsize, PK_U8),
	PIN_OUT("m_axi_awburst", m_awburst, PK_U8),
	PIN_OUT("m_axi_awatop", m_awatop, PK_U8),
	PIN_OUT("m_axi_awvalid", m_awvalid, PK_BOOL),
	PIN_OUT("m_axi_wdata", m_wdata, PK_U128),
	PIN_OUT("m_axi_wstrb", m_wstrb, PK_U16),
	PIN_OUT("m_axi_wlast", m_wlast, PK_BOOL),
	PIN_OUT("m_axi_wvalid", m_wvalid, PK_BOOL),
	PIN_OUT("m_axi_bready", m_bready, PK_BOOL),
	PIN_OUT("m_axi_arid", m_arid, PK_U32),
	PIN_OUT("m_axi_araddr", m_araddr, PK_U64),
	PIN_OUT("m_axi_arlen", m_arlen, PK_U8),
	PIN_OUT("m_axi_arsize", m_arsize, PK_U8),
	PIN_OUT("m_axi_arburst", m_arburst, PK_U8),
	PIN_OUT("m_axi_arvalid", m_arvalid, PK_BOOL),
	PIN_OUT("m_axi_rready", m_rready, PK_BOOL),
	PIN_OUT("irq_o", irq, PK_BOOL),
};

#define NUM_PINS ARRAY_SIZE(pin_descs)

/* Field widths in bits, by kind. */
static const unsigned kind_bits[] = {
	[PK_BOOL] = 1, [PK_U8] = 8, [PK_U16] = 16, [PK_U32] = 32, [PK_U64] = 64, [PK_U128] = 128,
};

struct ivl_pin {
	vpiHandle h;
	unsigned width;		/* bits */
	uint64_t last[2];	/* inputs: the value driven last */
	bool seen_x;		/* outputs: carried X or Z out of reset */
};

struct ivl_sim {
	/* simulator thread only */
	struct ivl_pin pins[NUM_PINS];
	bool started;		/* the test thread runs (or ran) */
	bool driven;		/* every input has been driven once */
	bool in_reset;		/* rst_ni was low in this cycle */
	uint64_t cycles;	/* clock cycles simulated */
	struct timespec t0;
	pthread_t thread;

	/* shared between the threads, under @lock */
	pthread_mutex_t lock;
	pthread_cond_t to_sim;	/* a cycle was posted, or the test is done */
	pthread_cond_t to_test;	/* the posted cycle's outputs are in */
	struct ra_pins *req;	/* the cycle being simulated, NULL when none */
	bool done;		/* the test thread has finished ... */
	int status;		/* ... with this exit status */

	/* test thread only */
	bool in_use;		/* a device owns the simulation */

	/* set before the test thread starts */
	const char *transcript;
	unsigned latency;
	unsigned data_bytes;
};

static struct ivl_sim ivl = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.to_sim = PTHREAD_COND_INITIALIZER,
	.to_test = PTHREAD_COND_INITIALIZER,
	.latency = 7,
};

/**
 * pin_load() - read a pin's value out of struct ra_pins.
 * @d: the pin
 * @p: the pins
 * @v: the value, low 64 bits in v[0]
 */
static void pin_load(const struct pin_desc *d, const struct ra_pins *p, uint64_t v[2])
{
	const void *f = (const char *)p + d->off;

	v[0] = 0;
	v[1] = 0;
	switch (d->kind) {
	case PK_BOOL:
		v[0] = *(const bool *)f;
		break;
	case PK_U8:
		v[0] = *(const uint8_t *)f;
		break;
	case PK_U16:
		v[0] = *(const uint16_t *)f;
		break;
	case PK_U32:
		v[0] = *(const uint32_t *)f;
		break;
	case PK_U64:
		v[0] = *(const uint64_t *)f;
		break;
	case PK_U128:
		v[0] = ((const uint64_t *)f)[0];
		v[1] = ((const uint64_t *)f)[1];
		break;
	}
}

/**
 * pin_store() - write a pin's value into struct ra_pins.
 * @d: the pin
 * @p: the pins
 * @v: the value, low 64 bits in v[0]
 */
static void pin_store(const struct pin_desc *d, struct ra_pins *p, const uint64_t v[2])
{
	void *f = (char *)p + d->off;

	switch (d->kind) {
	case PK_BOOL:
		*(bool *)f = v[0] & 1;
		break;
	case PK_U8:
		*(uint8_t *)f = (uint8_t)v[0];
		break;
	case PK_U16:
		*(uint16_t *)f = (uint16_t)v[0];
		break;
	case PK_U32:
		*(uint32_t *)f = (uint32_t)v[0];
		break;
	case PK_U64:
		*(uint64_t *)f = v[0];
		break;
	case PK_U128:
		((uint64_t *)f)[0] = v[0];
		((uint64_t *)f)[1] = v[1];
		break;
	}
}

/**
 * mask_width() - clear the bits of @v at and above @width.
 * @v: a value of up to 128 bits
 * @width: bits to keep
 */
static void mask_width(uint64_t v[2], unsigned width)
{
	if (width < 64) {
		v[0] &= (UINT64_C(1) << width) - 1;
		v[1] = 0;
	} else if (width < 128) {
		v[1] &= width == 64 ? 0 : (UINT64_C(1) << (width - 64)) - 1;
	}
}

/**
 * drive_inputs() - put the inputs in @p on the tb's regs, those that changed only.
 * @s: the simulation
 * @p: this cycle's pins
 *
 * Called from $ra_vpi_cycle with the clock low; vpiNoDelay makes the new values visible at
 * once so the logic settles within this time step.
 */
static void drive_inputs(struct ivl_sim *s, const struct ra_pins *p)
{
	s_vpi_vecval vec[4];
	s_vpi_value val = { .format = vpiVectorVal, .value.vector = vec };

	for (unsigned i = 0; i < NUM_PINS; i++) {
		const struct pin_desc *d = &pin_descs[i];
		struct ivl_pin *ip = &s->pins[i];
		uint64_t v[2];

		if (!d->input)
			continue;
		pin_load(d, p, v);
		mask_width(v, ip->width);
		if (s->driven && v[0] == ip->last[0] && v[1] == ip->last[1])
			continue;
		ip->last[0] = v[0];
		ip->last[1] = v[1];
		for (unsigned w = 0; w < (ip->width + 31) / 32; w++) {
			vec[w].aval = (PLI_INT32)(uint32_t)(v[w / 2] >> (32 * (w % 2)));
			vec[w].bval = 0;
		}
		vpi_put_value(ip->h, &val, NULL, vpiNoDelay);
	}
	s->driven = true;
	s->in_reset = !p->rst_n;
}

/**
 * sample_outputs() - copy the outputs of ra_top into @p.
 * @s: the simulation
 * @p: this cycle's pins
 *
 * Called from the cbReadOnlySynch callback, when the time step has settled.
 */
static void sample_outputs(struct ivl_sim *s, struct ra_pins *p)
{
	s_vpi_value val = { .format = vpiVectorVal };

	for (unsigned i = 0; i < NUM_PINS; i++) {
		const struct pin_desc *d = &pin_descs[i];
		struct ivl_pin *ip = &s->pins[i];
		uint64_t v[2] = { 0, 0 };
		uint32_t xz = 0;

		if (d->input)
			continue;
		vpi_get_value(ip->h, &val);
		for (unsigned w = 0; w < (ip->width + 31) / 32; w++) {
			uint32_t a = (uint32_t)val.value.vector[w].aval;
			uint32_t b = (uint32_t)val.value.vector[w].bval;

			v[w / 2] |= (uint64_t)(a & ~b) << (32 * (w % 2));
			xz |= b;
		}
		if (xz && !s->in_reset)
			ip->seen_x = true;
		pin_store(d, p, v);
	}
}

/**
 * ivl_cycle() - struct ra_sim_ops.cycle on the test thread: one clock cycle.
 * @sim: the simulation
 * @p: inputs in, outputs (as they stand before the rising edge) out
 *
 * Posts @p to the simulator thread and sleeps until its outputs have been sampled.
 */
static void ivl_cycle(void *sim, struct ra_pins *p)
{
	struct ivl_sim *s = sim;

	pthread_mutex_lock(&s->lock);
	s->req = p;
	pthread_cond_signal(&s->to_sim);
	while (s->req)
		pthread_cond_wait(&s->to_test, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/**
 * ivl_destroy() - struct ra_sim_ops.destroy: the device lets go of the simulation.
 * @sim: the simulation
 *
 * The simulation itself goes on for the next device; it ends when the test returns.
 */
static void ivl_destroy(void *sim)
{
	struct ivl_sim *s = sim;

	s->in_use = false;
}

static const struct ra_sim_ops ivl_ops = {
	.cycle = ivl_cycle,
	.destroy = ivl_destroy,
};

/**
 * make_dev() - directed_make_fn: the RTL in this simulation, memory timing as test_directed's.
 * @mem: the memory for the device
 * @ctx: the simulation
 *
 * Return: the device (reset), or NULL if another device still holds the simulation.
 */
static struct ra_dev *make_dev(struct ra_mem *mem, void *ctx)
{
	struct ivl_sim *s = ctx;
	struct axi_mem_cfg bus = ra_bus_cfg(s->data_bytes == 16 ? "w128" : "w64", s->latency);

	if (s->in_use) {
		fprintf(stderr, "ra_vpi: one RTL device at a time in a simulation\n");
		return NULL;
	}
	s->in_use = true;
	return ra_dev_rtl_sim(mem, &ivl_ops, s, &bus);
}

/**
 * test_main() - the test thread: the directed set, then a verdict for the simulator thread.
 * @arg: the simulation
 *
 * Return: NULL.
 */
static void *test_main(void *arg)
{
	struct ivl_sim *s = arg;
	unsigned checks = 0, failed = 0;
	FILE *tr = NULL;
	int status = 0;

	if (s->transcript) {
		tr = fopen(s->transcript, "w");
		if (!tr) {
			perror(s->transcript);
			status = 2;
		} else {
			/* line-buffered: a slow (netlist) run shows how far it got */
			setvbuf(tr, NULL, _IOLBF, 0);
		}
	}
	if (!status) {
		failed = directed_run(make_dev, s, tr, &checks);
		if (tr && fclose(tr)) {
			perror(s->transcript);
			status = 2;
		}
		printf("icarus_directed: engine rtl variant icarus-w%u latency %u: %u checks, "
		       "%u failed\n", 8 * s->data_bytes, s->latency, checks, failed);
		printf("icarus_directed: %u passed, %u failed\n", checks - failed, failed);
		if (failed || !checks)
			status = 1;
	}
	fflush(stdout);
	fflush(stderr);

	pthread_mutex_lock(&s->lock);
	s->done = true;
	s->status = status;
	pthread_cond_signal(&s->to_sim);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/**
 * end_sim() - $finish with @status as vvp's exit code.
 * @status: 0 for success
 *
 * vpip_set_return_value() is Icarus' own (the exit code of vvp); the line printed before is
 * there for wrappers that only look at the output.
 */
static void end_sim(int status)
{
	vpi_printf("ra_vpi: %s (exit status %d)\n", status ? "FAIL" : "PASS", status);
	vpip_set_return_value(status);
	vpi_control(vpiFinish, 1);
}

/**
 * report() - simulator statistics and X/Z notes, at the end.
 * @s: the simulation
 */
static void report(struct ivl_sim *s)
{
	struct timespec t1;
	double secs;
	bool any = false;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - s->t0.tv_sec) + (double)(t1.tv_nsec - s->t0.tv_nsec) * 1e-9;
	vpi_printf("ra_vpi: %" PRIu64 " cycles in %.1f s (%.0f cycles/s)\n", s->cycles, secs,
		   secs > 0 ? (double)s->cycles / secs : 0.0);
	for (unsigned i = 0; i < NUM_PINS; i++) {
		if (!s->pins[i].seen_x)
			continue;
		if (!any)
			vpi_printf("ra_vpi: note: X/Z out of reset (read as 0) on:");
		vpi_printf(" %s", pin_descs[i].name);
		any = true;
	}
	if (any)
		vpi_printf("\n");
}

/**
 * parse_plusargs() - +transcript=FILE, +latency=N from vvp's command line.
 * @s: the simulation
 *
 * Return: 0, or -1 on a bad value.
 */
static int parse_plusargs(struct ivl_sim *s)
{
	s_vpi_vlog_info info;

	if (!vpi_get_vlog_info(&info))
		return 0;
	for (int i = 0; i < info.argc; i++) {
		const char *a = info.argv[i];
		char *end;

		if (!a)
			continue;
		if (!strncmp(a, "+transcript=", 12)) {
			s->transcript = a + 12;
		} else if (!strncmp(a, "+latency=", 9)) {
			unsigned long l = strtoul(a + 9, &end, 0);

			if (end == a + 9 || *end || l < 1 || l > 100000) {
				vpi_printf("ra_vpi: bad %s\n", a);
				return -1;
			}
			s->latency = (unsigned)l;
		}
	}
	return 0;
}

/**
 * start() - first $ra_vpi_cycle: find the pins, read the plusargs, start the test thread.
 * @s: the simulation
 * @scope: the module that called $ra_vpi_cycle (the tb, holding the signals by port name)
 *
 * Return: 0, or -1 (reported) if the test cannot run.
 */
static int start(struct ivl_sim *s, vpiHandle scope)
{
	for (unsigned i = 0; i < NUM_PINS; i++) {
		const struct pin_desc *d = &pin_descs[i];
		struct ivl_pin *ip = &s->pins[i];

		ip->h = vpi_handle_by_name((PLI_BYTE8 *)d->name, scope);
		if (!ip->h) {
			vpi_printf("ra_vpi: no signal %s in %s\n", d->name,
				   vpi_get_str(vpiFullName, scope));
			return -1;
		}
		ip->width = (unsigned)vpi_get(vpiSize, ip->h);
		if (ip->width < 1 || ip->width > kind_bits[d->kind]) {
			vpi_printf("ra_vpi: %s is %u bits wide, the C side holds %u\n", d->name,
				   ip->width, kind_bits[d->kind]);
			return -1;
		}
	}
	/* the memory model's bus width follows the RTL's */
	for (unsigned i = 0; i < NUM_PINS; i++)
		if (!strcmp(pin_descs[i].name, "m_axi_rdata"))
			s->data_bytes = s->pins[i].width / 8;
	if (s->data_bytes != 8 && s->data_bytes != 16) {
		vpi_printf("ra_vpi: m_axi_rdata must be 64 or 128 bits wide\n");
		return -1;
	}
	if (parse_plusargs(s))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	if (pthread_create(&s->thread, NULL, test_main, s)) {
		vpi_printf("ra_vpi: cannot start the test thread\n");
		return -1;
	}
	s->started = true;
	return 0;
}

/**
 * sample_cb() - cbReadOnlySynch: the time step has settled; hand the outputs to the test.
 * @cb: the callback data (user_data: the simulation)
 *
 * Return: 0.
 */
static PLI_INT32 sample_cb(p_cb_data cb)
{
	struct ivl_sim *s = (struct ivl_sim *)cb->user_data;

	sample_outputs(s, s->req);
	s->cycles++;
	pthread_mutex_lock(&s->lock);
	s->req = NULL;
	pthread_cond_signal(&s->to_test);
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/**
 * cycle_calltf() - $ra_vpi_cycle: wait for the test's next cycle and apply its inputs.
 * @user: unused
 *
 * Called with the clock low. Either drives the inputs and schedules sample_cb() at the end
 * of this time step (the rising edge follows in the tb), or, when the test is done, ends the
 * simulation with its status.
 *
 * Return: 0.
 */
static PLI_INT32 cycle_calltf(PLI_BYTE8 *user)
{
	struct ivl_sim *s = &ivl;
	static s_vpi_time now = { .type = vpiSimTime };
	s_cb_data cb = {
		.reason = cbReadOnlySynch,
		.cb_rtn = sample_cb,
		.time = &now,
		.user_data = (PLI_BYTE8 *)s,
	};
	struct ra_pins *p;
	bool done;
	int status;

	(void)user;
	if (!s->started) {
		vpiHandle call = vpi_handle(vpiSysTfCall, NULL);

		if (start(s, vpi_handle(vpiScope, call))) {
			end_sim(2);
			return 0;
		}
	}

	pthread_mutex_lock(&s->lock);
	while (!s->req && !s->done)
		pthread_cond_wait(&s->to_sim, &s->lock);
	p = s->req;
	done = s->done;
	status = s->status;
	pthread_mutex_unlock(&s->lock);

	if (done) {
		pthread_join(s->thread, NULL);
		report(s);
		end_sim(status);
		return 0;
	}
	drive_inputs(s, p);
	if (!vpi_register_cb(&cb)) {
		vpi_printf("ra_vpi: cannot register cbReadOnlySynch\n");
		end_sim(2);
	}
	return 0;
}

/**
 * cycle_compiletf() - $ra_vpi_cycle takes no arguments.
 * @user: unused
 *
 * Return: 0.
 */
static PLI_INT32 cycle_compiletf(PLI_BYTE8 *user)
{
	vpiHandle call = vpi_handle(vpiSysTfCall, NULL);
	vpiHandle args = vpi_iterate(vpiArgument, call);

	(void)user;
	if (args) {
		vpi_free_object(args);
		vpi_printf("ra_vpi: $ra_vpi_cycle takes no arguments\n");
		vpi_control(vpiFinish, 1);
	}
	return 0;
}

/**
 * register_tasks() - vlog_startup_routines entry: register $ra_vpi_cycle.
 */
static void register_tasks(void)
{
	s_vpi_systf_data tf = {
		.type = vpiSysTask,
		.tfname = (PLI_BYTE8 *)"$ra_vpi_cycle",
		.calltf = cycle_calltf,
		.compiletf = cycle_compiletf,
	};

	vpi_register_systf(&tf);
}

EXPORT void (*vlog_startup_routines[])(void) = { register_tasks, NULL };
