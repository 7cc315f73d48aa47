// SPDX-License-Identifier: MIT
/*
 * The simulation's AXI slave rules (sim/harness/axi_chan.h) against an oracle written here
 * from the rules themselves: a burst is legal when it is INCR, its beats are at most the bus
 * wide and aligned to their size, and its first and last bytes lie in the same 4 KiB page. Every
 * combination of address (around page edges), beat count 1..16, beat size 1..16 bytes, burst
 * type 0..2 and a 64- or 128-bit bus; the first rule broken is the one named. Then the capture
 * of AW and W beats, with the strobes masked to the bus width.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define TEST_NAME "test_axi_chan"
#include "../test_util.h"
#include "axi_chan.h"

static const char *oracle(uint64_t addr, unsigned beats, unsigned size_log2, unsigned burst,
			  unsigned data_bytes)
{
	uint64_t size = 1ull << size_log2, last = addr + beats * size - 1;

	if (size > data_bytes)
		return "wide";
	if (addr % size)
		return "unaligned";
	if (burst != 1)
		return "type";
	if (addr / 4096 != last / 4096)
		return "4k";
	return NULL;
}

static bool names(const char *msg, const char *rule)
{
	static const struct {
		const char *rule, *word;
	} words[] = { { "wide", "wider" }, { "unaligned", "aligned" }, { "type", "INCR" },
		      { "4k", "4 KiB" } };

	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(rule, words[i].rule))
			return strstr(msg, words[i].word) != NULL;
	return false;
}

int main(void)
{
	static const uint64_t addrs[] = { 0x0, 0x1, 0x4, 0x8, 0x10, 0xf80, 0xfc0, 0xff0, 0xff8,
					  0xffc, 0xfff, 0x1000, 0x1008, 0x7fffffff000ull,
					  0xfffffffffff8ull };
	unsigned legal = 0, refused = 0;
	struct ra_pins p;
	struct axi_aw aw;
	struct axi_w w;

	for (unsigned a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++)
		for (unsigned beats = 1; beats <= 16; beats++)
			for (unsigned sz = 0; sz <= 4; sz++)
				for (unsigned burst = 0; burst <= 2; burst++)
					for (unsigned db = 8; db <= 16; db += 8) {
						const char *got = axi_burst_error(addrs[a], beats, sz,
										  burst, db);
						const char *want = oracle(addrs[a], beats, sz, burst,
									  db);

						test_ctx = "burst";
						CHECK(!got == !want && (!got || names(got, want)),
						      "addr 0x%llx beats %u size %u burst %u bus %u: "
						      "got '%s', want %s",
						      (unsigned long long)addrs[a], beats, 1u << sz,
						      burst, db, got ? got : "legal",
						      want ? want : "legal");
						legal += !want;
						refused += !!want;
					}
	test_ctx = "capture";
	memset(&p, 0, sizeof(p));
	p.m_awid = 1;
	p.m_awaddr = 0x12340;
	p.m_awlen = 7;
	p.m_awsize = 3;
	p.m_awatop = 0x11;
	axi_aw_take(&aw, &p);
	CHECK(aw.id == 1 && aw.addr == 0x12340 && aw.len == 7 && aw.size == 8 && aw.atop == 0x11,
	      "AW taken as id %u addr 0x%llx len %u size %u atop 0x%x", aw.id,
	      (unsigned long long)aw.addr, aw.len, aw.size, aw.atop);
	p.m_wdata[0] = 0x1111222233334444ull;
	p.m_wdata[1] = 0x5555666677778888ull;
	p.m_wstrb = 0xffff;
	p.m_wlast = true;
	axi_w_take(&w, &p, 8);
	CHECK(w.strb == 0x00ff && w.last && w.data[0] == p.m_wdata[0] && w.data[1] == p.m_wdata[1],
	      "W on a 64-bit bus: strobes 0x%04x (want 0x00ff), last %d", w.strb, w.last);
	axi_w_take(&w, &p, 16);
	CHECK(w.strb == 0xffff, "W on a 128-bit bus: strobes 0x%04x (want 0xffff)", w.strb);
	test_ctx = NULL;
	printf("%s: %u legal and %u refused bursts as the oracle says\n", TEST_NAME, legal,
	       refused);
	return test_summary();
}
