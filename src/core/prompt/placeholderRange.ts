import type { Node } from 'yaml';
import type { Range } from '../diagnostics.js';
import type { Placeholder } from '../template.js';
import type { LocatedYaml, PathSegment } from '../yamlPositions.js';

// Where a {{placeholder}} of a parsed value sits in the file: inside a `|` or `>-` block the value's
// text is not the file's text (indentation, folded lines), so the placeholder is found by its own
// text within the node's source – the k-th occurrence for the k-th one in the value.

export function placeholderRange(yaml: LocatedYaml, path: readonly PathSegment[], value: string, placeholder: Placeholder): Range {
  const whole = yaml.rangeOf(path);
  const node = yaml.doc.getIn(path, true) as Node | undefined;
  const span = node?.range;
  if (!span) return whole;
  const literal = value.slice(placeholder.offset, placeholder.offset + placeholder.length);
  const nth = countOccurrences(value.slice(0, placeholder.offset), literal);
  const source = yaml.sourceText(span[0], span[1]);
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = source.indexOf(literal, at + 1);
    if (at < 0) return whole;
  }
  return { start: yaml.positionAt(span[0] + at), end: yaml.positionAt(span[0] + at + literal.length) };
}

function countOccurrences(text: string, literal: string): number {
  let count = 0;
  for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) count++;
  return count;
}
