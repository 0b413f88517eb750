// Loaded with `node --import` (see peakRssImport() in cliProcess.ts): on exit, writes the process's
// peak resident set size in KiB (getrusage ru_maxrss) to the file named by $PW_PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.PW_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed }));
  });
}
