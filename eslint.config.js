// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (docs/architecture.md): what each folder may import, the rest of src/
 * being forbidden. `types`: folders it may import types from only (`import type`). The
 * direction: model ← diagnostics ← config ← desired ← plan ← report ← render, with
 * session ← current below plan; apply above plan; pipeline above every stage; cli above
 * everything; nothing imports cli. The emulator stands apart (the wire format, model, fs).
 * test/unit/architecture/imports.test.ts checks the same table on every import line,
 * dynamic imports included, and that it has no cycle.
 */
/** Every stage the pipeline composes: all of src/ but the emulator and the CLI. */
const PIPELINE_MAY = [
  'model',
  'diagnostics',
  'wire',
  'fs',
  'config',
  'desired',
  'session',
  'current',
  'plan',
  'report',
  'render',
  'apply',
];

export const LAYERS = {
  model: { may: [] },
  wire: { may: [] },
  fs: { may: [] },
  diagnostics: { may: ['model'] },
  config: { may: ['model', 'diagnostics'] },
  desired: { may: ['model', 'diagnostics', 'config'] },
  session: { may: ['model', 'diagnostics', 'wire'] },
  current: { may: ['model', 'diagnostics', 'wire', 'session'] },
  plan: { may: ['model', 'diagnostics'], types: ['wire', 'desired', 'current'] },
  report: { may: ['model', 'diagnostics', 'plan'], types: ['desired', 'current'] },
  render: { may: ['model', 'diagnostics', 'plan', 'report'], types: ['current', 'desired'] },
  apply: { may: ['model', 'diagnostics', 'wire', 'fs', 'session', 'current', 'plan'] },
  pipeline: { may: PIPELINE_MAY },
  api: { may: [...PIPELINE_MAY, 'pipeline'] },
  emulator: { may: ['model', 'wire', 'fs'] },
  cli: { may: [...PIPELINE_MAY, 'pipeline', 'api', 'emulator'] },
};

/** The no-restricted-imports patterns of one layer: every other folder, or types only. */
function boundaryPatterns(layer) {
  const { may, types = [] } = LAYERS[layer];
  return Object.keys(LAYERS)
    .filter((other) => other !== layer && !may.includes(other))
    .map((other) => ({
      group: [`**/${other}/**`],
      ...(types.includes(other) ? { allowTypeImports: true } : {}),
      message: types.includes(other)
        ? `src/${layer} may import only types from src/${other} (docs/architecture.md).`
        : `src/${layer} may not import src/${other} (docs/architecture.md).`,
    }));
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'src/config/generated/desired-state-validator.ts',
      'src/plan/generated/plan-validator.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  ...Object.keys(LAYERS).map((layer) => ({
    files: [`src/${layer}/**`],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns(layer) }] },
  })),
  {
    files: ['src/cli/**', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JavaScript (bench/*.js, the Node scripts in scripts/): no type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The Node scripts of the build and the release (scripts/, docs/releasing.md).
    files: ['scripts/**'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    // The GitHub Action's script (action.yml): it writes the job's log, so console is fine.
    files: ['ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
