import type { FoundKey } from './foundKey.js';
import { ghAuthToken, systemGh, type GhCommand } from './gh.js';

// Where a GitHub token for GitHub Models comes from, first found wins: the editor's key store,
// GITHUB_TOKEN (GitHub Actions sets it), GH_TOKEN, `gh auth token`, then the editor's GitHub
// sign-in (only after the user signed in for it). Every one of them is the user's token, so the
// host rule applies to all (keyDestination.ts).

export const GITHUB_TOKEN_ENVS = ['GITHUB_TOKEN', 'GH_TOKEN'] as const;

export interface GithubTokenSources {
  env: NodeJS.ProcessEnv;
  /** The editor's key store. */
  resolveKey?: (provider: string) => Promise<string | undefined>;
  /** `gh`; default the one on the environment's PATH; null never asks it. */
  gh?: GhCommand | null;
  /** The editor's GitHub sign-in (vscode.authentication), never prompting. */
  session?: () => Promise<string | undefined>;
}

const github = (source: string) => ({ owner: 'github', source });

export async function findGithubToken(sources: GithubTokenSources): Promise<FoundKey | undefined> {
  const stored = await sources.resolveKey?.('github');
  if (stored) return { key: stored, source: 'the key store', credential: github('the stored GitHub token') };
  for (const name of GITHUB_TOKEN_ENVS) {
    const value = sources.env[name]?.trim();
    if (value) return { key: value, source: `$${name}`, credential: github(`$${name}`) };
  }
  if (sources.gh !== null) {
    const token = await ghAuthToken(sources.gh ?? systemGh(sources.env));
    if (token) return { key: token, source: 'gh auth token', credential: github('the token of `gh auth token`') };
  }
  const session = await sources.session?.().catch(() => undefined);
  if (session) return { key: session, source: 'VS Code GitHub sign-in', credential: github("VS Code's GitHub sign-in token") };
  return undefined;
}

/** Looks the token up once and remembers the answer (one `gh` call per CLI run or editor run). */
export function githubTokenOnce(sources: GithubTokenSources): () => Promise<FoundKey | undefined> {
  let found: Promise<FoundKey | undefined> | undefined;
  return () => (found ??= findGithubToken(sources));
}
