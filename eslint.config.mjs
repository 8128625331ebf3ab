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
  // Rules that need type information (typescript-eslint strictTypeChecked) apply to the TypeScript
  // sources, through the project service.
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers read naturally in messages and SQL fragments; anything else in a template literal
      // (an object, a nullable, a boolean) is a finding.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void doSomething()` shorthand in callbacks is idiomatic; elsewhere a void value used
      // as an expression is a finding.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A switch over a union (an EntryKind, a Provenance) names every member, so a new member is
      // a compile-time finding, not a silent fall-through.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Apollo Server's plugin API types every hook as returning a promise, so its hooks are async
    // whether or not they await.
    files: ['src/server/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Tests assign their server in beforeAll and stop it in afterAll, which must also run when
    // beforeAll failed and left it unassigned; `server?.stop()` is that guard, not a mistake. Jest's
    // asymmetric matchers (`expect.any(String)`) are typed `any`.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  prettier,
);
