// Positions are 0-based like VS Code and LSP; only src/extension turns them into vscode.Range.
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  severity: Severity;
  message: string;
  range: Range;
  /** A stable identifier so adapters can offer quick fixes or filter. */
  code?: string;
}

export const ZERO_RANGE: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

export function lineRange(line: number, startColumn = 0, endColumn = startColumn): Range {
  return { start: { line, column: startColumn }, end: { line, column: endColumn } };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** "cases.jsonl:3:7: error: …" – the form compilers print, so terminals and CI logs link it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line + 1}:${d.range.start.column + 1}: ${d.severity}: ${d.message}`;
}
