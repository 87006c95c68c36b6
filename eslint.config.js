import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import jsxA11y from 'eslint-plugin-jsx-a11y'

// Lint catches real mistakes with type information (promises nobody awaits, a switch that forgets
// a case, values of type any flowing on), React's rules of hooks and accessibility, and keeps one
// architectural rule: server/ is framework-free and never reaches into app/ (the bridge is
// app/**/*.server.ts). Formatting is Prettier's job (`npm run lint` runs both).
export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'server/db/generated/**', 'server/api/generated/**', '.cache/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // Remix loaders and actions throw Responses (redirects, 404s) by design; redirect() types its
      // Response as TypedResponse.
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          allow: [
            { from: 'lib', name: 'Response' },
            { from: 'package', package: '@remix-run/router', name: 'DataWithResponseInit' },
            { from: 'package', package: '@remix-run/server-runtime', name: 'TypedResponse' },
          ],
          allowThrowingUnknown: false,
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  reactHooks.configs.flat['recommended-latest'],
  jsxA11y.flatConfigs.recommended,
  {
    // The tables' parts carry their roles on purpose (app/components/ui/data-table.tsx): WebKit drops
    // a table's semantics when CSS lays it out as cards on a narrow screen (decision 0081).
    files: ['app/components/ui/data-table.tsx'],
    rules: {
      'jsx-a11y/no-redundant-roles': [
        'error',
        { nav: ['navigation'], table: ['table'], thead: ['rowgroup'], tbody: ['rowgroup'], tr: ['row'], td: ['cell'] },
      ],
      // (jsx-a11y takes a <td> for a grid's interactive gridcell; in a table it is a cell.)
      'jsx-a11y/no-interactive-element-to-noninteractive-role': ['error', { td: ['cell'] }],
    },
  },
  {
    // Small modules that do one job (docs/ARCHITECTURE.md): a function reads in one screen, a
    // React component may be a little longer (its markup), a file holds one concern. Blank lines
    // and comments do not count. Tests and benchmarks are exempt: a scenario reads best whole.
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'tests/**', 'bench/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@remix-run/*'], message: 'server/ is framework-free: no Remix imports (docs/ARCHITECTURE.md).' },
            {
              regex: '^(#app/|(\\.\\./)+app/)',
              message: 'server/ must not import from app/; app/**/*.server.ts bridges the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only app/**/*.server.ts may import server code (type-only imports are erased and allowed).
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    ignores: ['app/**/*.server.ts', 'app/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^#server/',
              allowTypeImports: true,
              message: 'Reach server/ through an app/**/*.server.ts file (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
)
