// SPDX-License-Identifier: MIT
// The Verilated side of a module bench built by ra_tb() (tests/CMakeLists.txt): the context, the
// model (class Vtb_top) and FST waves on request. Include after Vtb_top.h and tb_util.h.
#ifndef TB_VERILATED_H
#define TB_VERILATED_H

#include <memory>
#include <new>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace {

std::unique_ptr<VerilatedContext> ctx;
// the model, built in place: the Verilated class is over-aligned, and its deleting destructor
// (compiled with the model, without -faligned-new) would free it with the unaligned delete
alignas(Vtb_top) unsigned char tb_model_mem[sizeof(Vtb_top)];
Vtb_top* top;                          // the model
std::unique_ptr<VerilatedFstC> waves;  // --waves FILE

// parse --seed/--waves, build the model, open the waves
void tb_open(int argc, char** argv, const char* name) {
  tb_name = name;
  const char* waves_file = tb_args(argc, argv);
  ctx.reset(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  if (waves_file) ctx->traceEverOn(true);
  top = new (tb_model_mem) Vtb_top{ctx.get()};
  if (waves_file) {
    waves.reset(new VerilatedFstC);
    top->trace(waves.get(), 99);
    waves->open(waves_file);
  }
}

// finish the model and the waves (before the static Verilated state goes); the exit code
int tb_close() {
  top->final();
  if (waves) {
    waves->close();
    waves.reset();
  }
  top->~Vtb_top();
  top = nullptr;
  return failed ? 1 : 0;
}

}  // namespace

#endif
