import { streamRecordLines } from './read.js';
import type { CaseResult, FinishedRun, RecordCase, RecordLine, RunRecord } from './types.js';

// A record's results grouped by case, in case order, read from its lines in bounded memory: a
// case's line is written when it is dispatched and its results as they finish, a little later and
// in any order, so only the cases still in flight are held. For reports that list every result in
// case order (JUnit, gh-json) of runs too large to load.

export interface CaseGroup {
  /** Undefined for results whose case line is missing (a record cut short or edited by hand). */
  case?: RecordCase;
  caseId: string;
  /** Sorted by model order, then repeat. */
  results: CaseResult[];
}

interface Open {
  group: CaseGroup;
  expected: number;
}

export async function* caseGroups(lines: AsyncIterable<RecordLine>): AsyncGenerator<CaseGroup> {
  let models: readonly string[] = [];
  let perCase = 1;
  // Cases in the order their lines came; the head is released once all its results are in.
  const queue: Open[] = [];
  let head = 0;
  const byId = new Map<string, Open>();
  const orphans = new Map<string, CaseGroup>();
  const sorted = (group: CaseGroup) => {
    group.results.sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model) || a.repeat - b.repeat);
    return group;
  };

  for await (const line of lines) {
    if (line.type === 'header') {
      models = line.models;
      perCase = Math.max(1, line.models.length * (line.options?.repeat ?? 1));
    } else if (line.type === 'case') {
      const { type: _type, ...c } = line;
      const open: Open = { group: { case: c, caseId: c.id, results: [] }, expected: perCase };
      queue.push(open);
      byId.set(c.id, open);
    } else if (line.type === 'result') {
      const { type: _type, ...r } = line;
      const open = byId.get(r.caseId);
      if (!open) {
        const orphan = orphans.get(r.caseId) ?? { caseId: r.caseId, results: [] };
        orphan.results.push(r);
        orphans.set(r.caseId, orphan);
        continue;
      }
      open.group.results.push(r);
      while (head < queue.length && queue[head].group.results.length >= queue[head].expected) {
        const done = queue[head++];
        byId.delete(done.group.caseId);
        yield sorted(done.group);
      }
      // Let go of the released part of the queue now and then, not on every shift.
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
    }
  }
  // A cancelled or cut-short run: the cases still open have what finished.
  for (let i = head; i < queue.length; i++) if (queue[i].group.results.length) yield sorted(queue[i].group);
  for (const orphan of orphans.values()) yield sorted(orphan);
}

/** The same groups from a record in memory (a small run, or one read whole). */
export function* caseGroupsOf(record: Pick<RunRecord, 'cases' | 'results' | 'models'>): Generator<CaseGroup> {
  const byCase = new Map<string, CaseResult[]>();
  for (const r of record.results) {
    const list = byCase.get(r.caseId);
    if (list) list.push(r);
    else byCase.set(r.caseId, [r]);
  }
  const order = (a: CaseResult, b: CaseResult) => record.models.indexOf(a.model) - record.models.indexOf(b.model) || a.repeat - b.repeat;
  for (const c of record.cases) {
    const results = byCase.get(c.id);
    if (!results) continue;
    byCase.delete(c.id);
    yield { case: c, caseId: c.id, results: results.sort(order) };
  }
  for (const [caseId, results] of byCase) yield { caseId, results: results.sort(order) };
}

/** Every result of a finished run by case: from its file when the record in memory holds only some (RunRecord.kept). */
export function runCaseGroups(run: FinishedRun): AsyncIterable<CaseGroup> | Iterable<CaseGroup> {
  if (run.record.kept && run.file) return caseGroups(streamRecordLines(run.file));
  return caseGroupsOf(run.record);
}
