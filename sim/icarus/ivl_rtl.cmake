# cmake -DIN=rtl/<file>.sv -DOUT=<dir>/<file>.sv -P ivl_rtl.cmake
#
# The RTL as Icarus Verilog 11.0 is given it: every `always_comb` becomes `always @*`, nothing
# else changes (line numbers included). Icarus 11.0 wakes every always_comb process whenever
# any one of them runs (its time-0 trigger is shared; steveicarus/iverilog#508, fixed after
# 11.0), which turns the default-then-override assignments of the RTL into zero-delay loops
# that never settle. `always @*` has the same sensitivity and no shared trigger; unlike
# always_comb it does not run at time 0, which makes no difference once reset has changed the
# registers every block reads (the transcript comparison with Verilator checks the result).
if(NOT IN OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DIN=<file.sv> -DOUT=<file.sv> -P ivl_rtl.cmake")
endif()
file(READ "${IN}" text)
string(REGEX REPLACE "([^A-Za-z0-9_$])always_comb([^A-Za-z0-9_$])" "\\1always @*\\2"
  text "${text}")
file(WRITE "${OUT}" "${text}")
