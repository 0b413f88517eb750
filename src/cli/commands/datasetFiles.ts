import { readFile } from 'node:fs/promises';
import type { Io } from '../io.js';
import { EXIT } from './eval.js';

// What import and generate share: reading a file that may not exist yet, and refusing with a reason.

export async function readTextIfAny(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function refuse(io: Pick<Io, 'err'>, message: string): number {
  io.err(`error: ${message}`);
  return EXIT.badInput;
}
