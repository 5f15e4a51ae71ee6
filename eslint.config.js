// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Stage boundaries of the house style: what each folder may not import. */
const boundaries = {
  'src/model/**': [
    '**/diagnostics/**',
    '**/config/**',
    '**/desired/**',
    '**/session/**',
    '**/current/**',
    '**/plan/**',
    '**/render/**',
    '**/apply/**',
    '**/emulator/**',
    '**/cli/**',
  ],
  'src/emulator/**': [
    '**/session/**',
    '**/current/**',
    '**/plan/**',
    '**/apply/**',
    '**/desired/**',
    '**/config/**',
    '**/render/**',
    '**/cli/**',
  ],
  'src/plan/**': ['**/session/**', '**/apply/**', '**/emulator/**', '**/cli/**', '**/render/**'],
  'src/render/**': ['**/session/**', '**/apply/**', '**/emulator/**', '**/cli/**'],
  'src/config/**': [
    '**/session/**',
    '**/current/**',
    '**/plan/**',
    '**/apply/**',
    '**/emulator/**',
    '**/cli/**',
  ],
  'src/desired/**': [
    '**/session/**',
    '**/current/**',
    '**/plan/**',
    '**/apply/**',
    '**/emulator/**',
    '**/cli/**',
  ],
  'src/session/**': [
    '**/plan/**',
    '**/apply/**',
    '**/emulator/**',
    '**/cli/**',
    '**/config/**',
    '**/desired/**',
  ],
  'src/current/**': [
    '**/plan/**',
    '**/apply/**',
    '**/emulator/**',
    '**/cli/**',
    '**/config/**',
    '**/desired/**',
  ],
  'src/apply/**': ['**/emulator/**', '**/cli/**'],
  'src/export/**': ['**/session/**', '**/apply/**', '**/emulator/**', '**/cli/**'],
  'src/explain/**': ['**/session/**', '**/apply/**', '**/emulator/**', '**/cli/**'],
  'src/drift/**': ['**/session/**', '**/apply/**', '**/emulator/**', '**/cli/**'],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'src/config/generated/desired-state-validator.ts',
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
  ...Object.entries(boundaries).map(([glob, patterns]) => ({
    files: [glob],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: patterns.map((group) => ({
            group: [group],
            message: 'Crosses a stage boundary of the house style.',
          })),
        },
      ],
    },
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
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
