// The core must never learn which platform it talks to: only src/channels (and the
// composition root) may import a platform SDK or the HTTP client used for Zalo.
import tseslint from 'typescript-eslint';

const platformSdks = {
  paths: [
    { name: 'telegraf', message: 'Platform SDKs belong in src/channels only.' },
    { name: 'axios', message: 'HTTP clients for platforms belong in src/channels only.' },
  ],
  patterns: [
    { group: ['telegraf/*', 'axios/*'], message: 'Platform SDKs belong in src/channels only.' },
    { group: ['**/channels/**'], message: 'The core talks to channels through src/core/channel.ts only.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', 'db/migrations/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts', 'scheduler/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][callee.object.property.name='db'], CallExpression[callee.property.name='transaction'][callee.object.name='db']",
          message: 'Use atomic(db, work) from db/client.ts: drizzle builds a new transaction function per call.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/domain/**/*.ts', 'commands/**/*.ts', 'scheduler/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', platformSdks] },
  },
);
