// Windows of lines around what editors show. VS Code keeps a widget (or a CSS rule) for every lens
// and row mark of a file and lays them all out again after each change: 5,000 lenses made every
// keystroke in a large file several times slower, and 10,000 row marks re-sent on each live update
// of a run kept the workbench busy. Only the rows in these windows get them; scrolling past a
// window's slack asks for new ones.

/** Lines `from` … `to` (inclusive) of a file. */
export interface LineWindow {
  from: number;
  to: number;
}

/** What editors show of a file, `margin` lines on each side; the top of the file when no editor shows it. */
export function lineWindows(visible: readonly LineWindow[], margin: number): LineWindow[] {
  if (!visible.length) return [{ from: 0, to: 2 * margin }];
  return visible.map((range) => ({ from: Math.max(0, range.from - margin), to: range.to + margin }));
}

export function inWindows(line: number, windows: readonly LineWindow[]): boolean {
  return windows.some((w) => line >= w.from && line <= w.to);
}

export function rowsIn<Row extends { line: number }>(rows: readonly Row[], windows: readonly LineWindow[]): Row[] {
  return rows.filter((row) => inWindows(row.line, windows));
}

/** Whether `range` (what an editor now shows) is still `slack` lines inside the windows given. */
export function covers(windows: readonly LineWindow[], range: LineWindow, slack: number): boolean {
  return windows.some((w) => (w.from === 0 || range.from - w.from >= slack) && w.to - range.to >= slack);
}
