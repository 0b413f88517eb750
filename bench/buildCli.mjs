// Fallback for scripts/bench.sh: bundles only the CLI, as scripts/build.mjs does for dist/cli.mjs
// (one minified ESM file, the tokenizer encodings as separate CommonJS files loaded on first use),
// into bench/.work/cli-build/. Used when `node scripts/build.mjs` fails because some other part of
// the tree (the extension, the webview) does not build at the moment.
import { build } from 'esbuild';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, WORK } from './lib.mjs';

const out = path.join(WORK, 'cli-build');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const lazyEncodings = {
  name: 'lazy-encodings',
  setup(b) {
    b.onResolve({ filter: /^gpt-tokenizer\/encoding\/(o200k_base|cl100k_base)$/ }, (args) => ({ path: `./encodings/${args.path.split('/').pop()}.cjs`, external: true }));
  },
};
const common = { absWorkingDir: ROOT, bundle: true, minify: true, legalComments: 'linked', logLevel: 'warning', platform: 'node' };
await Promise.all([
  build({
    ...common,
    sourcemap: 'linked',
    entryPoints: ['src/cli/bin.ts'],
    outfile: path.join(out, 'cli.mjs'),
    format: 'esm',
    target: 'node22',
    plugins: [lazyEncodings],
    banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module';\nconst require = __pwCreateRequire(import.meta.url);" },
  }),
  ...ENCODINGS.map((name) =>
    build({ ...common, entryPoints: [`node_modules/gpt-tokenizer/esm/encoding/${name}.js`], outfile: path.join(out, 'encodings', `${name}.cjs`), format: 'cjs', target: 'node20' }),
  ),
]);
process.stdout.write(`${path.join(out, 'cli.mjs')}\n`);
