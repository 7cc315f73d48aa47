// SPDX-License-Identifier: MIT
//
// ra_tlm - ra_top as a SystemC module with TLM-2.0 sockets (docs/systemc.md):
//   clk, rst_n (sc_in<bool>), irq (sc_out<bool>),
//   csr: tlm_utils::simple_target_socket<.., 32>   CSR reads and writes (AXI4-Lite inside),
//   mem: tlm_utils::simple_initiator_socket<.., 64> memory traffic (AXI4 + AtomicLoad inside).
// This is the build Verilated by sim/systemc/CMakeLists.txt (Vra_top_sc): DATA_W 64,
// RD_INFLIGHT 16, WR_INFLIGHT 128, WALK_CACHE 16, ID_W 4. Another parameter set is another
// Verilated class, wrapped the same way: ra_tlm_t<Vother>.
#ifndef RA_TLM_H
#define RA_TLM_H

#include "ra_tlm_core.h"
#include "Vra_top_sc.h"

using ra_tlm = ra_tlm_t<Vra_top_sc>;

#endif
