// Builds the extension and packs it as dist/prompt-workbench.vsix, offline:
//   node scripts/package.mjs [--out <file.vsix>] [--no-build]
// 1. `node scripts/build.mjs` (the bundles hold every runtime dependency, so vsce runs with
//    --no-dependencies and never asks npm or the network);
// 2. `vsce package` with .vscodeignore choosing the shipped files;
// 3. a smoke test: the packed bundle is loaded in a child process with a stand-in `vscode` module
//    and activated, which must not throw, must register every contributed command and must not
//    load the core or a tokenizer; prints the bundle size and the time to load and activate it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = path.resolve(root, outArg >= 0 ? args[outArg + 1] : 'dist/prompt-workbench.vsix');

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

if (!args.includes('--no-build')) run(process.execPath, ['scripts/build.mjs']);
for (const file of ['dist/extension.cjs', 'dist/encodings/o200k_base.cjs']) {
  if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing after the build`);
}
const hasLicense = ['LICENSE', 'LICENSE.md'].some((f) => existsSync(path.join(root, f)));
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--no-update-package-json',
  '--no-git-tag-version',
  ...(hasLicense ? [] : ['--skip-license']),
  '--allow-missing-repository',
  '--out',
  out,
]);
console.log(`package: ${path.relative(root, out)} ${kb(statSync(out).size)}`);

smokeTest(out);

function kb(bytes) {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** Unpacks the .vsix and activates its bundle against a stand-in vscode API. */
function smokeTest(vsix) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-vsix-'));
  try {
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', vsix, dir]);
    const extension = path.join(dir, 'extension');
    const manifest = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8'));
    const main = path.join(extension, manifest.main);
    const shipped = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' }).trim().split('\n');
    console.log(
      `package: ${shipped.length} files: ${shipped
        .filter((f) => f.startsWith('extension/'))
        .map((f) => f.slice('extension/'.length))
        .join(', ')}`,
    );
    console.log(`package: ${manifest.main} ${kb(statSync(main).size)}`);
    const probe = spawnSync(process.execPath, [path.join(root, 'scripts', 'activation-smoke.cjs'), main, JSON.stringify(manifest.contributes.commands.map((c) => c.command))], { encoding: 'utf8' });
    process.stdout.write(probe.stdout);
    process.stderr.write(probe.stderr);
    if (probe.status !== 0) throw new Error('the packed extension did not activate cleanly (see above)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
