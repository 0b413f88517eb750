import type { Diagnostic } from '../diagnostics.js';
import { findConfigRoot, type Exists } from './locate.js';
import type { Overrides } from './overrides.js';
import { openSessionAt, type WorkspaceSession } from './session.js';

// Sessions by config folder, opened once and shared by every prompt file under it; the editor
// drops them when prompt-workbench.yml or a setting changes.

export interface SessionSource {
  /** The boundary of a file (the editor: its workspace folder). */
  boundaryOf(file: string): string;
  /** Override layers for a config folder, in order (the editor: its settings; the CLI: its flags). */
  overridesFor?(root: string, boundary: string): readonly (Overrides | undefined)[];
  readText?: (file: string) => Promise<string>;
  exists?: Exists;
  /** Called once per config file read, with its problems. */
  onConfigRead?(file: string, diagnostics: Diagnostic[]): void;
}

export interface Sessions {
  forFile(file: string): Promise<WorkspaceSession>;
  /** Every session opened so far. */
  opened(): Promise<WorkspaceSession[]>;
  reset(): void;
}

export function createSessions(source: SessionSource): Sessions {
  const byRoot = new Map<string, Promise<WorkspaceSession>>();
  return {
    forFile(file) {
      const boundary = source.boundaryOf(file);
      const root = findConfigRoot(file, boundary, source.exists);
      const key = `${root}\u0000${boundary}`;
      let pending = byRoot.get(key);
      if (!pending) {
        pending = openSessionAt(root, { boundary, overrides: source.overridesFor?.(root, boundary), readText: source.readText, exists: source.exists }).then((session) => {
          if (session.configFile) source.onConfigRead?.(session.configFile, session.diagnostics);
          return session;
        });
        byRoot.set(key, pending);
        // A failed read is not remembered: the next call tries again.
        void pending.catch(() => byRoot.delete(key));
      }
      return pending;
    },
    opened: () => Promise.all([...byRoot.values()]),
    reset: () => byRoot.clear(),
  };
}
