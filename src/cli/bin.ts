#!/usr/bin/env -S node --max-semi-space-size=2
// The `prompt-workbench` bin, kept tiny: it turns on Node's on-disk compile cache before the CLI
// bundle is compiled, which saves ~20 ms of CPU and ~8 MB at every later start. The shebang's
// flag bounds V8's young generation (see bench/RESULTS.md).
import module from 'node:module';

module.enableCompileCache?.();
await import('./run.js');
