import type { z } from 'zod';
import type { PathSegment } from '../yamlPositions.js';

// Turns zod issues into sentences a person understands:
// "messages[1].role must be one of system, user, assistant (got "bot")".

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg as string];
  }
  return node;
}

export function issueMessage(issue: z.core.$ZodIssue, root: unknown): string {
  const where = formatPath(issue.path as PathSegment[]) || 'the file';
  const actual = valueAt(root, issue.path as PathSegment[]);
  switch (issue.code) {
    case 'invalid_type': {
      if (actual === undefined) return `${where} is required`;
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `${where} must be ${expected} (got ${describeValue(actual)})`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `${where} must be ${JSON.stringify(issue.values[0])} (got ${describeValue(actual)})`
        : `${where} must be one of ${issue.values.map(String).join(', ')} (got ${describeValue(actual)})`;
    case 'too_small':
      if (issue.origin === 'array') return `${where} must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `${where} must not be empty`;
      return `${where} must be at least ${issue.minimum} (got ${describeValue(actual)})`;
    case 'too_big':
      return `${where} must be at most ${issue.maximum} (got ${describeValue(actual)})`;
    case 'invalid_format':
      return `${where} ${issue.message}`;
    case 'invalid_union':
      return `${where} has an unexpected form (got ${describeValue(actual)})`;
    case 'custom':
      return `${where} ${issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
