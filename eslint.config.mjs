// ESLint: typescript-eslint strict + type-aware rules; formatting is Prettier's job.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', '.data', 'src/generated', 'bin/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Type-only imports are marked, so the import-cycle check (madge, npm run lint) can tell the
      // runtime graph, which must have no cycle, from type references, which are erased.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Rules that need type information: the TypeScript sources, through the project service.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A switch over a union (an EntryKind, a Provenance) names every member, so a new member is
      // a compile-time finding, not a silent fall-through.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Plain scripts the tests run as child processes over the built server.
    files: ['test/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', fetch: 'readonly', performance: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  prettier,
);
