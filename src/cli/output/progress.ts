import type { RunProgress } from '../../core/index.js';
import { seconds, usd } from './format.js';

// One self-rewriting status line on a TTY; nothing at all when output is piped (CI logs stay clean).

export interface ProgressBar {
  update(label: string, progress: RunProgress): void;
  done(): void;
}

export function createProgressBar(stream: NodeJS.WriteStream): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(label, p) {
      const now = Date.now();
      if (now - last < 100 && p.completed < p.total) return;
      last = now;
      const width = 24;
      const filled = p.total ? Math.round((p.completed / p.total) * width) : width;
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const text = `${bar} ${p.completed}/${p.total}  ✓${p.passed} ✗${p.failed}${p.errored ? ` !${p.errored}` : ''}  ${usd(p.costUsd)}  ${seconds(now - started)}  ${label}`;
      stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 120) - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
