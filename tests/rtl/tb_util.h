// SPDX-License-Identifier: MIT
// What the module test benches share (each bench is one translation unit): the failure count
// and its report, the cycle number the report names, and the random source of stalls and
// stimuli. A bench sets tb_name first thing in main().
#ifndef TB_UTIL_H
#define TB_UTIL_H

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

const char* tb_name = "tb";
unsigned failed;                          // checks that failed (the first 20 are printed)
uint64_t cycle_no;                        // the bench's clock
uint64_t rng = 0x1234567887654321ull;     // xorshift64 state (never 0)

void err(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void err(const char* fmt, ...) {
  va_list ap;
  if (++failed > 20) return;
  va_start(ap, fmt);
  std::fprintf(stderr, "%s: cycle %" PRIu64 ": ", tb_name, cycle_no);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
}

uint64_t rnd() {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

bool chance(unsigned pct) { return rnd() % 100 < pct; }

uint64_t seed = 1;                        // --seed N

// --seed N and --waves FILE (returned, or nullptr); seeds the random source from the seed
__attribute__((unused)) const char* tb_args(int argc, char** argv) {
  const char* waves_file = nullptr;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--waves") && i + 1 < argc)
      waves_file = argv[++i];
  }
  rng = seed * 0x9e3779b97f4a7c15ull + 0x1234567887654321ull;
  if (!rng) rng = 1;
  return waves_file;
}

}  // namespace

#endif
