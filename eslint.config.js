import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // a check touches the machine only through its context: that is what makes replay,
    // --root and the transcript-driven unit tests possible
    files: ['checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:)?(fs|fs/promises|child_process|net|http|https|http2|tls|dgram|os|process|worker_threads)$', message: 'Checks reach the machine only through ctx (src/context.ts).' },
            { group: ['systeminformation', 'systeminformation/*'], message: 'Host facts come from ctx.facts().' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Use ctx.env() and ctx.facts().' }],
    },
  },
);
