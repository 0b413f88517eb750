#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=100 --no-concurrent-recompilation
// The `prompt-workbench` bin, kept tiny: it turns on Node's on-disk compile cache before the CLI
// bundle is compiled, which saves ~20 ms of CPU and ~8 MB at every later start. The shebang's
// flags trade a little wall time for memory a CI runner can count on: a small young generation,
// an old generation allowed to grow to 2× what survives a collection (V8's own factor goes up to
// 4×: 10,000 cases at -j 32 peaked anywhere from 250 to 380 MB), and optimising compiles on the
// main thread (~15-20 MB less RSS). Measured in bench/RESULTS.md.
import module from 'node:module';

module.enableCompileCache?.();
await import('./run.js');
