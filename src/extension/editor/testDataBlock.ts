// The `testData:` block "Add a test case" appends to a prompt with {{vars}} and no cases: one row
// naming every variable, values empty for the user to fill. Plain text, so it is unit-tested.

/** `text`: the prompt file; `eol`: its line ending. The block starts on a line of its own. */
export function testDataBlock(text: string, vars: readonly string[], eol = '\n'): string {
  const start = text.length && !text.endsWith('\n') ? eol : '';
  const rows = vars.map((v, i) => `${i === 0 ? '  - ' : '    '}${yamlKey(v)}: ""`);
  return `${start}testData:${eol}${rows.join(eol)}${eol}`;
}

/** A key YAML reads back as written: plain when it is a simple name, quoted otherwise. */
function yamlKey(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name);
}

/** A top-level `testData:` key already there (an empty list): the row goes there, not in a second key. */
export function hasTestDataKey(text: string): boolean {
  return /^testData\s*:/m.test(text);
}
