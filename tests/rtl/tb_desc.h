// SPDX-License-Identifier: MIT
// Descriptors and completions on a Verilated engine's ports (cmd_i: 16 x 32 bits, cpl_o: 8 x 32
// bits), packed and unpacked by include/ra_ring.h's generated-layout helpers.
#ifndef TB_DESC_H
#define TB_DESC_H

#include <cstdint>

#include "ra_ring.h"

// drive @d onto @port, word i at bits [64i+63:64i]
template <class Port>
void tb_drive_desc(Port& port, const ra_command& d) {
  uint64_t w[RA_DESC_WORDS];
  ra_command_pack(&d, w);
  for (unsigned i = 0; i < RA_DESC_WORDS; i++) {
    port[2 * i] = uint32_t(w[i]);
    port[2 * i + 1] = uint32_t(w[i] >> 32);
  }
}

// the completion words on @port
template <class Port>
void tb_cpl_words(const Port& port, uint64_t w[RA_CPL_WORDS]) {
  for (unsigned i = 0; i < RA_CPL_WORDS; i++)
    w[i] = uint64_t(port[2 * i]) | uint64_t(port[2 * i + 1]) << 32;
}

#endif
