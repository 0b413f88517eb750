// Inline rows read from the file by byte range (prompt/testDataFile.ts) must be those read from
// its text (prompt/testDataBlock.ts), wherever the file's chunks happen to split it: mid-line, in
// the middle of a UTF-8 character, between a CR and its LF.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { findTestDataBlock, type TestDataBlock } from '../../../src/core/prompt/testDataBlock.js';
import { findTestDataInFile } from '../../../src/core/prompt/testDataFile.js';
import { preparePromptStream } from '../../../src/core/prepareStream.js';
import { casesOf } from '../../../src/core/dataset/stream.js';

const DIR = mkdtempSync(path.join(tmpdir(), 'pw-testdata-file-'));
after(() => rmSync(DIR, { recursive: true, force: true }));
const FILE = path.join(DIR, 'p.prompt.yml');
const HEAD = 'name: Rows\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "{{q}}"\n';

function rowsOf(block: TestDataBlock) {
  return [...block.batches(FILE)].flat();
}

function shape(block: TestDataBlock | undefined) {
  return block && { head: block.head, gap: block.gap, count: block.count, rows: rowsOf(block) };
}

describe('inline rows read from the file', () => {
  it('are the rows read from its text, however the chunks split it', () => {
    const cell = fc.constantFrom('word', 'é', '💡 idea', 'naïve café', '"quoted ü"', 'x'.repeat(40), '|\n      block é\n      💡');
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 17 }),
        (rows, eol, bom, finalBreak, chunk) => {
          const body = rows.map((cells) => cells.map((c, i) => `${i === 0 ? '  - ' : '    '}k${i}: ${c}`).join('\n')).join('\n');
          const text = `${HEAD}testData:\n${body}\nevaluators:\n  - name: e\n    string: { contains: "é" }\n`.replace(/\n/g, eol).replace(/\r?\n$/, finalBreak ? eol : '');
          writeFileSync(FILE, `${bom ? '\uFEFF' : ''}${text}`);
          const fromFile = findTestDataInFile(FILE, chunk);
          assert.ok(fromFile);
          assert.deepEqual(shape(fromFile.block), shape(findTestDataBlock(text)));
          assert.equal(fromFile.text(), text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves a file it cannot read this way to the whole-file reading', () => {
    const rows = 'testData:\n  - q: a\n  - q: b\n';
    for (const odd of [`---\n${HEAD}${rows}`, `${HEAD}${rows}...\n`, `${HEAD}testData:\n\t- q: a\n`, HEAD]) {
      writeFileSync(FILE, odd);
      assert.equal(findTestDataInFile(FILE, 5), undefined, odd);
    }
    writeFileSync(FILE, Buffer.concat([Buffer.from(`${HEAD}testData:\n  - q: `), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    assert.equal(findTestDataInFile(FILE), undefined, 'not UTF-8');
    assert.equal(findTestDataInFile(path.join(DIR, 'missing.prompt.yml')), undefined);
  });

  it('a line longer than many chunks is read whole', () => {
    const long = 'QUJD'.repeat(50_000);
    const text = `${HEAD}testData:\n  - q: ${long}\n  - q: short\n`;
    writeFileSync(FILE, text);
    const fromFile = findTestDataInFile(FILE, 64);
    assert.ok(fromFile);
    assert.deepEqual(
      rowsOf(fromFile.block).map((r) => r.value),
      [{ q: long }, { q: 'short' }],
    );
  });

  it('says so when the file changes under a run, instead of reading rows at old offsets', async () => {
    const text = `${HEAD}testData:\n${Array.from({ length: 3000 }, (_, i) => `  - q: row ${i}`).join('\n')}\n`;
    writeFileSync(FILE, text);
    const prepared = await preparePromptStream(FILE, { workspaceRoot: DIR });
    assert.equal(prepared.diagnostics.length, 0);
    writeFileSync(FILE, text.replace('row 0', 'row zero'));
    utimesSync(FILE, new Date(), new Date(Date.now() + 5000));
    await assert.rejects(async () => {
      for await (const c of casesOf(prepared.cases)) void c;
    }, /changed while its rows were being read/);
    assert.throws(() => prepared.parsed.text, /changed while it was being read/);
  });

  it('reads the whole text again only when asked for it (a run record keeps it)', async () => {
    const text = `${HEAD}testData:\n${Array.from({ length: 2000 }, (_, i) => `  - q: row ${i}`).join('\n')}\n`;
    writeFileSync(FILE, text);
    const prepared = await preparePromptStream(FILE, { workspaceRoot: DIR });
    assert.equal(typeof Object.getOwnPropertyDescriptor(prepared.parsed, 'text')?.get, 'function');
    assert.equal(prepared.parsed.text, text);
  });
});
