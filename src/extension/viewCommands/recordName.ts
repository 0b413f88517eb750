import type { RunRecord } from '../../core/record/types.js';

// Run record file names are "<UTC timestamp>-<prompt slug>-<4 hex>.jsonl" (src/core/record/writer.ts;
// ".json" for version-1 records):
// enough to list records by time and prompt without reading them.

const RECORD_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-(.+)-[0-9a-f]{4}\.jsonl?$/;

export function parseRecordName(name: string): { when: string; slug: string } | undefined {
  const m = RECORD_NAME.exec(name);
  return m ? { when: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC`, slug: m[7] } : undefined;
}

/** A version label for a run: its start time, and its commit when the record has one. */
export function runLabel(record: RunRecord): string {
  const time = record.startedAt
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '');
  return record.git ? `${time} (${record.git.commit.slice(0, 7)}${record.git.dirty ? '+' : ''})` : time;
}
