import path from 'node:path';
import type { RecordCase } from '../../core/index.js';

/** "datasets/cases.jsonl:12": a case's row relative to `cwd`, so terminals and reviewers can open it. */
export function caseWhere(evalCase: RecordCase | undefined, caseId: string, recordRoot: string, cwd: string): string {
  if (!evalCase) return caseId;
  const file = path.relative(cwd, path.resolve(recordRoot, evalCase.source.file)).split(path.sep).join('/');
  return `${file}:${evalCase.source.range.start.line + 1}`;
}
