// Long names in narrow columns lose their middle, not their end: "openai/gpt-4o-mini" and
// "openai/gpt-4.1-mini" both end in what tells them apart. The view shows the head (which CSS may
// cut with an ellipsis) and the tail (never cut) side by side; the full name is on hover.

/** Characters kept whole at the end of a name. */
export const KEPT_TAIL = 8;

/** [head, tail]: tail is the last `tail` characters of a name longer than twice that, else "". */
export function middleEllipsisParts(text: string, tail = KEPT_TAIL): [string, string] {
  const chars = [...text];
  if (chars.length <= tail * 2) return [text, ''];
  return [chars.slice(0, -tail).join(''), chars.slice(-tail).join('')];
}
