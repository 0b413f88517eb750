import type { Credential } from './keyDestination.js';

/** A key and where it came from; `credential` is set when the host rule applies to it (keyDestination.ts). */
export interface FoundKey {
  key: string;
  /** For run headers and logs, never the key: `$GITHUB_TOKEN`, `gh auth token`, `the key store`. */
  source: string;
  /** Undefined for a variable the repository named itself (not a well-known one): it goes where the repository says. */
  credential?: Credential;
}
