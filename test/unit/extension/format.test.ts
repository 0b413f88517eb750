import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration, int, median, percent, plural, shortModel, truncate, usd } from '../../../src/extension/format.js';

test('usd keeps small costs readable and never falls into exponent notation', () => {
  assert.equal(usd(null), 'n/a');
  assert.equal(usd(0), '$0');
  assert.equal(usd(0.000123456), '$0.00012');
  assert.equal(usd(0.0000001), '<$0.000001');
  assert.equal(usd(0.0042), '$0.0042');
  assert.equal(usd(0.25), '$0.2500', 'four decimals below a dollar, as in the views and the CLI');
  assert.equal(usd(0.2653), '$0.2653');
  assert.equal(usd(12.345), '$12.35');
});

test('int, duration, percent, plural, shortModel, truncate, median', () => {
  assert.equal(int(1240.4), '1,240');
  assert.equal(duration(812.4), '812 ms');
  assert.equal(duration(12_345), '12.3 s');
  assert.equal(duration(null), 'n/a');
  assert.equal(percent(0.5), '50%');
  assert.equal(percent(0.0123), '1.2%');
  assert.equal(percent(0.00001), '<0.01%');
  assert.equal(plural(1, 'case'), '1 case');
  assert.equal(plural(1200, 'case'), '1,200 cases');
  assert.equal(shortModel('openai/gpt-4o-mini'), 'gpt-4o-mini');
  assert.equal(shortModel('vscode-lm/copilot/gpt-4o'), 'copilot/gpt-4o');
  assert.equal(truncate('a  b\nc', 10), 'a b c');
  assert.equal(truncate('abcdefghijkl', 5), 'abcd…');
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

test('one money formatter: the CLI, the views and the editor print the same figure for the same cost', async () => {
  const cli = await import('../../../src/cli/output/format.js');
  const views = await import('../../../src/shared/format.js');
  assert.equal(cli.usd, views.usd);
  assert.equal(usd, views.usd);
  assert.equal(usd(0.26531), '$0.2653');
});
