// Writes media/prompt.schema.json from the zod schemas (src/core/prompt/editorSchema.ts) and the
// README's evaluator table from the evaluator registry (src/core/evaluators/docs.ts).
// Run through `npm run schema`, which compiles first; `--check` exits 1 when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promptJsonSchemaText } from '../out/src/core/prompt/editorSchema.js';
import { withEvaluatorDocs } from '../out/src/core/evaluators/docs.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = [
  { file: path.join(root, 'media', 'prompt.schema.json'), text: () => promptJsonSchemaText() },
  { file: path.join(root, 'README.md'), text: (current) => withEvaluatorDocs(current) },
];
let stale = false;
for (const { file, text } of outputs) {
  const current = readFileSync(file, 'utf8');
  const wanted = text(current);
  const name = path.relative(root, file);
  if (process.argv.includes('--check')) {
    const same = current === wanted;
    stale ||= !same;
    console.log(same ? `${name} is up to date` : `${name} is stale: run npm run schema`);
    continue;
  }
  writeFileSync(file, wanted);
  console.log(`wrote ${name}`);
}
if (stale) process.exit(1);
