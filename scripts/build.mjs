// Bundles the three deliverables with esbuild:
//   dist/extension.cjs  – VS Code extension host (CommonJS, `vscode` external), with dist/core.cjs
//                         and dist/analysisWorker.cjs beside it
//   dist/cli.mjs        – the prompt-workbench bin: a launcher for dist/cli-main.mjs, the CLI bundle,
//                         with dist/countWorker.cjs (estimate's counting thread) beside it
//   dist/webview.js     – the results / comparison webview (browser IIFE)
// Usage: node scripts/build.mjs [--watch] [--dev]
import { build, context } from 'esbuild';
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

const common = { bundle: true, sourcemap: dev ? 'inline' : 'linked', minify: !dev, legalComments: 'linked', logLevel: 'info', metafile: true };

// The BPE tables of gpt-tokenizer are ~3.6 MB of source. Bundled inline they are parsed at every
// start (100 MB RSS, ~0.15 s CPU) even when nothing is counted, so each encoding is its own file
// in dist/encodings/, imported on first use.
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const lazyEncodings = {
  name: 'lazy-encodings',
  setup(b) {
    b.onResolve({ filter: /^gpt-tokenizer\/encoding\/(o200k_base|cl100k_base)$/ }, (args) => ({ path: `./encodings/${args.path.split('/').pop()}.cjs`, external: true }));
  },
};

// The extension loads the core (zod, ajv, yaml, the openai SDK…) on first use through
// src/extension/core.ts; as its own file it is not even parsed at activation.
const lazyCore = {
  name: 'lazy-core',
  setup(b) {
    b.onResolve({ filter: /^\.\/core\.cjs$/ }, (args) => (args.importer.endsWith(`src${path.sep}extension${path.sep}core.ts`) ? { path: './core.cjs', external: true } : undefined));
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyEncodings, lazyCore],
  },
  {
    // Parses and checks prompt files off the extension host's thread (src/extension/analysis/prepareWorker.ts).
    ...common,
    entryPoints: ['src/extension/analysis/prepareWorker.ts'],
    outfile: 'dist/analysisWorker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyEncodings],
  },
  {
    ...common,
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyEncodings],
  },
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: false,
    plugins: [{ name: 'cli-main', setup: (b) => b.onResolve({ filter: /^\.\/run\.js$/ }, () => ({ path: './cli-main.mjs', external: true })) }],
  },
  {
    // Counts an estimate's tokens beside the thread reading its rows (src/core/tokens/workerCounting.ts).
    ...common,
    entryPoints: ['src/core/tokens/countWorker.ts'],
    outfile: 'dist/countWorker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyEncodings],
  },
  {
    ...common,
    entryPoints: ['src/cli/run.ts'],
    outfile: 'dist/cli-main.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    plugins: [lazyEncodings],
    banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module';\nconst require = __pwCreateRequire(import.meta.url);" },
  },
  ...ENCODINGS.map((name) => ({
    ...common,
    sourcemap: false,
    entryPoints: [`node_modules/gpt-tokenizer/esm/encoding/${name}.js`],
    outfile: `dist/encodings/${name}.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

await rm('dist', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
const existing = [];
for (const t of targets) {
  try {
    await import('node:fs').then((fs) => fs.accessSync(t.entryPoints[0]));
    existing.push(t);
  } catch {
    console.warn(`skip ${t.outfile}: ${t.entryPoints[0]} does not exist yet`);
  }
}
if (watch) {
  for (const t of existing) await (await context(t)).watch();
} else {
  await Promise.all(existing.map((t) => build(t)));
  await chmod('dist/cli.mjs', 0o755).catch(() => {});
}
