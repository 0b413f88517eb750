import * as vscode from 'vscode';
import { groupBy } from '../../core/groupBy.js';

// A DiagnosticCollection shared by several owners: a dataset used by two prompts gets both prompts'
// findings, and re-checking one prompt replaces only its own.

export interface OwnedDiagnostics extends vscode.Disposable {
  set(owner: string, byFile: ReadonlyMap<string, vscode.Diagnostic[]>): void;
  delete(owner: string): void;
}

export function createOwnedDiagnostics(name: string): OwnedDiagnostics {
  const collection = vscode.languages.createDiagnosticCollection(name);
  const owners = new Map<string, ReadonlyMap<string, vscode.Diagnostic[]>>();
  /** What each file was last given, as text: every check re-sends its findings, nearly always unchanged as you type. */
  const published = new Map<string, string>();
  const publish = (file: string) => {
    const seen = new Set<string>();
    const merged: vscode.Diagnostic[] = [];
    for (const byFile of owners.values()) {
      for (const d of byFile.get(file) ?? []) {
        const key = `${d.range.start.line}:${d.range.start.character}:${d.severity}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        merged.push(d);
      }
    }
    // Unchanged: not sent again (each set goes to the workbench, which redraws the file's squiggles).
    const text = JSON.stringify(merged.map(signature));
    if (published.get(file) === text) return;
    published.set(file, text);
    collection.set(vscode.Uri.file(file), merged);
  };
  const replace = (owner: string, next: ReadonlyMap<string, vscode.Diagnostic[]> | undefined) => {
    const touched = new Set([...(owners.get(owner)?.keys() ?? []), ...(next?.keys() ?? [])]);
    if (next) owners.set(owner, next);
    else owners.delete(owner);
    for (const file of touched) publish(file);
  };
  return {
    set: (owner, byFile) => replace(owner, byFile),
    delete: (owner) => replace(owner, undefined),
    dispose: () => collection.dispose(),
  };
}

function signature(d: vscode.Diagnostic): unknown[] {
  const code = typeof d.code === 'object' ? [d.code.value, d.code.target.toString()] : d.code;
  return [
    d.range.start.line,
    d.range.start.character,
    d.range.end.line,
    d.range.end.character,
    d.severity,
    d.message,
    code,
    d.source,
    d.tags,
    d.relatedInformation?.map((r) => [r.location.uri.toString(), r.location.range.start.line, r.message]),
  ];
}

export function groupByFile<T>(items: readonly T[], fileOf: (item: T) => string, convert: (item: T) => vscode.Diagnostic): Map<string, vscode.Diagnostic[]> {
  // One pass: copying the file's list for each item took most of a second for 13,000 failing cases in one dataset.
  return new Map([...groupBy(items, fileOf)].map(([file, group]) => [file, group.map(convert)]));
}
