// VS Code waits before asking a document's lenses again after an edit or a change event: the
// average time its last six lens requests took, 250 ms at least (its LanguageFeatureDebounce). The
// request made as a big file opens waits behind the editor and the extension host opening it –
// 1.1–3.9 s with a 5,000-row prompt file in the editor-latency bench, 1.8–2.2 s in the editor
// without this extension – and until five more requests have followed, every lens change waits
// about that long. While you keep editing, no request follows: a pasted row's lens came 2–3 s
// after the paste.
// So a request that comes much later than VS Code's 250 ms after what made it ask is followed by
// a change event, which VS Code answers after its new, shorter wait: a few requests, each quick,
// and the wait is back at its floor. At most MAX_REASKS in a row, so a host that is slow to answer
// for other reasons is not asked again and again.
// Only a late answer to an edit starts this: that is the wait a person sees. During a run the
// results' change events meet a busy host, so their requests come late too, and asking again only
// added to the load: in the real-editor run of 10,000 cases (largeRun.test.ts) the slowest command
// answers, as the run started, were 2.5 and 0.7 s in two runs asking again, 1.3 and 1.0 s without.

/** Past VS Code's 250 ms floor and the way to and from the extension host. */
export const LATE_ASK_MS = 400;
/** VS Code averages its last six requests: six quick ones leave none of the slow one. */
export const MAX_REASKS = 6;

export interface LensPacing {
  /** Something VS Code asks the lenses again after: the provider's change event (every document), or an edit of `file`. */
  triggered(file?: string, now?: number): void;
  /** VS Code asks for the file's lenses; true when it should be asked again once this is answered. */
  asked(file: string, now?: number): boolean;
  forget(file: string): void;
}

export function lensPacing(): LensPacing {
  let changedAt: number | undefined;
  const editedAt = new Map<string, number>();
  /** Late requests of each file in a row, each followed by another ask. */
  const reasked = new Map<string, number>();
  /** Whether the file's edit is newer than the last change event: a late request then answers a person's edit. */
  const editedLast = (file: string) => (editedAt.get(file) ?? -Infinity) > (changedAt ?? -Infinity);

  return {
    triggered(file, now = Date.now()) {
      if (file === undefined) changedAt = now;
      else editedAt.set(file, now);
    },
    asked(file, now = Date.now()) {
      const since = Math.max(changedAt ?? -Infinity, editedAt.get(file) ?? -Infinity);
      // Nothing seen yet that made it ask (the file just opened): nothing to tell. A request for a
      // reason not seen here (the editor got focus) long after the last edit counts as late: one
      // more request, no harm. Once asked again, the change event is what the next is timed from.
      if (since === -Infinity) return false;
      if (now - since <= LATE_ASK_MS) {
        reasked.delete(file);
        return false;
      }
      const count = reasked.get(file) ?? 0;
      if (count === 0 && !editedLast(file)) return false;
      if (count >= MAX_REASKS) return false;
      reasked.set(file, count + 1);
      return true;
    },
    forget(file) {
      editedAt.delete(file);
      reasked.delete(file);
    },
  };
}
