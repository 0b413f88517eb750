import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway folder with the given files (path → text or bytes); remove() deletes it. */
export async function tempWorkspace(files: Record<string, string | Uint8Array> = {}) {
  const root = await mkdtemp(path.join(tmpdir(), 'pw-test-'));
  const write = async (rel: string, content: string | Uint8Array) => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  for (const [rel, content] of Object.entries(files)) await write(rel, content);
  return { root, file: (rel: string) => path.join(root, rel), write, remove: () => rm(root, { recursive: true, force: true }) };
}
