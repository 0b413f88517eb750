// Writes media/prompt.schema.json from the zod schemas (src/core/prompt/editorSchema.ts).
// Run through `npm run schema`, which compiles first; `--check` exits 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promptJsonSchemaText } from '../out/src/core/prompt/editorSchema.js';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'prompt.schema.json');
const text = promptJsonSchemaText();
if (process.argv.includes('--check')) {
  const same = readFileSync(file, 'utf8') === text;
  console.log(same ? 'media/prompt.schema.json is up to date' : 'media/prompt.schema.json is stale: run npm run schema');
  process.exit(same ? 0 : 1);
}
writeFileSync(file, text);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
