import type { ParsedJson } from './types.js';

const FENCED = /^```(?:json)?\s*\n([\s\S]*?)\n```$/;

/** Parses a model's output as JSON, accepting one surrounding ``` fence that chat models like to add. */
export function parseOutputJson(output: string): ParsedJson {
  const text = output.trim();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const fenced = FENCED.exec(text);
    if (fenced) {
      try {
        return { ok: true, value: JSON.parse(fenced[1]) };
      } catch {
        // fall through to the original error, which points into the text as the model wrote it
      }
    }
    return { ok: false, error: (error as Error).message };
  }
}
