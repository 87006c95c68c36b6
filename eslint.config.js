import tseslint from 'typescript-eslint'

// Lint is kept to rules that catch real mistakes, plus the one architectural rule: server/ is
// framework-free and never reaches into app/ (the bridge is app/**/*.server.ts).
export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'server/db/generated/**', 'server/api/generated/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@remix-run/*'], message: 'server/ is framework-free: no Remix imports (ARCHITECTURE.md).' },
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
              message: 'Reach server/ through an app/**/*.server.ts file (ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
)
