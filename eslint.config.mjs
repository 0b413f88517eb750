// Lint, type-aware (typescript-eslint with the project's tsconfig), run by `npm test` before the
// unit tests (`npm run lint`). The same script checks formatting (Prettier; `npm run format` fixes
// it) and import cycles, type-only ones included (dpdm).
import tseslint from 'typescript-eslint';

// Core modules the extension may import eagerly: dependency-free leaves. Everything else of the
// core (zod, yaml, ajv, the openai SDK…) loads on first use through src/extension/core.ts.
const LIGHT_CORE = ['modelId', 'providers/redact', 'workspace/configFile', 'tokens/estimateTotals', 'record/reviews', 'groupBy', 'record/resultOrder'];

const vscodeFree = {
  name: 'vscode',
  message: 'src/core and src/shared must not import vscode: the core runs in the CLI and under plain node --test.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'bench/.work/**', 'test-results/**', 'bench/promptfoo/**', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test/describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/unbound-method': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // The handler map takes handlers of any signature; tests poke at loosely typed JSON.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    // Page callbacks run in the browser, with DOM types declared loosely (`any`) for the Node build:
    // their casts document what the element is.
    files: ['test/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off', '@typescript-eslint/no-redundant-type-constituents': 'off' },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/extension/analysis/prepareWorker.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodeFree] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    // The analysis worker is its own bundle, the core included; like the core, it must not use vscode.
    ignores: ['src/extension/core.ts', 'src/extension/analysis/prepareWorker.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)core/(?!(${LIGHT_CORE.join('|')})\\.js$)`,
              allowTypeImports: true,
              message: 'the extension loads the core on first use: import types only, and call the core through loadCore() (src/extension/core.ts).',
            },
          ],
        },
      ],
    },
  },
);
