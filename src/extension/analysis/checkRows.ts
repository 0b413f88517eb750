import type { EvalCase } from '../../core/dataset/row.js';
import { applyArrayDelta, arrayDelta } from './arrayDelta.js';
import type { RemoteCheck, WireCheck } from './workerProtocol.js';

// A check's cases and testData rows cross between the analysis worker and the extension host as
// changes from the file's previous check (workerProtocol.ts: WireRows). Both sides keep, per file,
// the rows of the last check that crossed; messages arrive in the order they were posted, so the
// two stay the same. A provisional check (no cases: a row has a YAML mistake) is not kept: fixing
// the mistake then sends one changed row, not every row again.

export interface CrossedRows {
  cases: EvalCase[];
  testData?: Record<string, unknown>[];
}

/** Per file, the rows of the last kept check that crossed. */
export type RowsCrossed = Map<string, CrossedRows>;

/** The worker's side: the message `check` as it crosses, and `sent` to call once it has been posted. */
export function checkToWire<M extends RemoteCheck>(check: M, file: string, crossed: RowsCrossed, keep: boolean): { wire: M & WireCheck; sent: () => void } {
  const { cases, parsed } = check.prepared;
  const { prompt, data } = parsed;
  const before = crossed.get(file);
  const dataRowsAreTestData = prompt !== undefined && data?.testData === prompt.testData;
  const wire = {
    ...check,
    prepared: {
      ...check.prepared,
      cases: [],
      parsed: {
        ...parsed,
        ...(prompt && { prompt: { ...prompt, testData: [] } }),
        ...(data && dataRowsAreTestData && { data: withoutRows(data) }),
      },
    },
    rows: { cases: arrayDelta(before?.cases, cases), testData: prompt && arrayDelta(before?.testData, prompt.testData), dataRowsAreTestData },
  };
  const sent = () => {
    if (keep) crossed.set(file, { cases, testData: prompt?.testData ?? before?.testData });
  };
  return { wire, sent };
}

/** The host's side: the message `wire` describes, from the rows this side kept. */
export function checkFromWire<W extends WireCheck>(wire: W, file: string, crossed: RowsCrossed, keep: boolean): Omit<W, 'rows'> {
  const { rows, ...check } = wire;
  const before = crossed.get(file);
  const cases = applyArrayDelta(before?.cases, rows.cases);
  const testData = rows.testData && applyArrayDelta(before?.testData, rows.testData);
  if (keep) crossed.set(file, { cases, testData: testData ?? before?.testData });
  const { prompt, data } = check.prepared.parsed;
  return {
    ...check,
    prepared: {
      ...check.prepared,
      cases,
      parsed: {
        ...check.prepared.parsed,
        ...(prompt && testData && { prompt: { ...prompt, testData } }),
        ...(data && rows.dataRowsAreTestData && { data: { ...data, testData } }),
      },
    },
  };
}

function withoutRows(data: Record<string, unknown>): Record<string, unknown> {
  const { testData: _rows, ...rest } = data;
  return rest;
}
