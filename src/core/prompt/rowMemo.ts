import type { RowReuse } from '../dataset/row.js';

// The inline rows the editor's analysis read lately, by their text. Typing in one row of a
// 5,000-row testData leaves the other 4,999 texts as they were, yet each check read them all
// again and made their cases again (a hash of each row's variables): ~60 ms a check in `node`,
// more on a busy machine, between the last key and the diagnostics. A row whose text was read
// before gets the same value and the case made from it (row.ts, toCase), in its new place.
// Only simple rows (simpleRow.ts) are kept: their value depends on their text alone.

/** What a row's text gives, wherever the row sits: its value, where its last line ends, and the case made from it. */
export interface ReadRow extends RowReuse {
  value: Record<string, unknown>;
  /** The row's last line with a value, counted from its first line, and that line's length. */
  last: number;
  lastLength: number;
  /** The row ends at the start of the line after `last` (more of the file follows), not at the end of `last`. */
  broken: boolean;
}

export interface RowMemo {
  get(key: string): ReadRow | undefined;
  set(key: string, row: ReadRow): void;
}

/**
 * Two generations: the rows read since the last turnover, and those before it. A row found in the
 * older moves to the newer; the older is dropped once the newer holds `limit` rows. So the rows of
 * the last read stay (up to `limit`), and the old texts of an edited row go in time.
 */
export function rowMemo(limit = 20_000): RowMemo {
  let current = new Map<string, ReadRow>();
  let previous = new Map<string, ReadRow>();
  const keep = (key: string, row: ReadRow) => {
    if (current.size >= limit) {
      previous = current;
      current = new Map();
    }
    current.set(key, row);
  };
  return {
    get(key) {
      const row = current.get(key);
      if (row) return row;
      const older = previous.get(key);
      if (older) keep(key, older);
      return older;
    },
    set: keep,
  };
}
