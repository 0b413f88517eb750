import type { RunRecord } from '../../core/record/types.js';

// What the webview gets of a record: everything but the prompt messages of each result. They are
// the bulk of a large record (the rendered prompt, repeated per result) and no view shows them;
// leaving them out keeps a 15,000-result message a few MB instead of tens.

export function slimRecord(record: RunRecord): RunRecord {
  return { ...record, results: record.results.map((result) => (result.messages.length ? { ...result, messages: [] } : result)) };
}

export function slimResults(results: RunRecord['results']): RunRecord['results'] {
  return results.map((result) => (result.messages.length ? { ...result, messages: [] } : result));
}
