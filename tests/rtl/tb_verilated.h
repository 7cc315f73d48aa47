// SPDX-License-Identifier: MIT
// The Verilated side of a module bench built by ra_tb() (tests/CMakeLists.txt): the context, the
// model (class Vtb_top) and FST waves on request. Include after Vtb_top.h and tb_util.h.
#ifndef TB_VERILATED_H
#define TB_VERILATED_H

#include <memory>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace {

std::unique_ptr<VerilatedContext> ctx;
std::unique_ptr<Vtb_top> tb_model;
Vtb_top* top;                          // the model
std::unique_ptr<VerilatedFstC> waves;  // --waves FILE

// parse --seed/--waves, build the model, open the waves
void tb_open(int argc, char** argv, const char* name) {
  tb_name = name;
  const char* waves_file = tb_args(argc, argv);
  ctx.reset(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  if (waves_file) ctx->traceEverOn(true);
  tb_model.reset(new Vtb_top{ctx.get()});
  top = tb_model.get();
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
  tb_model.reset();
  top = nullptr;
  return failed ? 1 : 0;
}

}  // namespace

#endif
