import * as vscode from 'vscode';
import type { Diagnostic, Range } from '../../core/diagnostics.js';

// The core speaks in plain 0-based {line, column}; this is the only place they become vscode types.

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(d: Pick<Diagnostic, 'severity' | 'message' | 'range' | 'code'>, source: string): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  out.source = source;
  if (d.code) out.code = d.code;
  return out;
}
