import test from 'node:test';
import assert from 'node:assert/strict';
import { findPlaceholders, missingVars, render, stringifyVar } from '../../../src/core/template.js';

test('render substitutes {{var}} with strings, numbers and JSON for structures', () => {
  assert.equal(render('Hi {{name}}, {{n}} {{obj}}', { name: 'Ada', n: 3, obj: { a: [1] } }), 'Hi Ada, 3 {"a":[1]}');
});

test('render is single-pass: a value containing a placeholder is never expanded again', () => {
  assert.equal(render('{{a}} and {{b}}', { a: '{{b}}', b: 'B' }), '{{b}} and B');
});

test('render leaves placeholders without a value untouched, as gh models does', () => {
  assert.equal(render('{{known}} {{unknown}}', { known: 'x' }), 'x {{unknown}}');
});

test('only the exact text between the braces is a name (gh models does not trim spaces)', () => {
  assert.equal(render('{{ name }}', { name: 'Ada' }), '{{ name }}');
  assert.deepEqual(
    findPlaceholders('a {{ name }} b {{x}}').map((p) => p.name),
    [' name ', 'x'],
  );
});

test('missingVars lists each missing name once', () => {
  assert.deepEqual(missingVars('{{a}} {{b}} {{a}} {{c}}', { b: 1 }), ['a', 'c']);
});

test('stringifyVar renders null as empty and booleans as text', () => {
  assert.equal(stringifyVar(null), '');
  assert.equal(stringifyVar(false), 'false');
});

test('render equals one regex replace over the template, whatever the braces, names and values', async () => {
  const fc = (await import('fast-check')).default;
  // The meaning render keeps (gh models' substitution), written the direct way.
  const reference = (template: string, vars: Record<string, unknown>) => template.replace(/\{\{([^{}]+)\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? stringifyVar(vars[name]) : whole));
  const piece = fc.constantFrom('{{', '}}', '{', '}', 'a', 'b', ' a ', 'x y', '{{a}}', '{{b}}', '{{__proto__}}', '{{{a}}}', '\n', 'é', '');
  const template = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
  const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.constant({ k: [1] }), fc.constant('{{a}}'));
  const vars = fc.dictionary(fc.constantFrom('a', 'b', ' a ', 'x y', '__proto__', '{a'), value, { maxKeys: 4 });
  fc.assert(
    fc.property(template, vars, (t, v) => {
      // Twice: the second render comes from the split kept for the template.
      assert.equal(render(t, v), reference(t, v));
      assert.equal(render(t, v), reference(t, v));
    }),
    { numRuns: 2000 },
  );
});
