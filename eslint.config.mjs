// ESLint runs only eslint-plugin-regexp's backtracking rules over the engine (issue 10: linear regexes at
// lint time; test/unit/redos.test.ts proves each regex with recheck as well). `npm run lint:regex`, and
// test/unit/regexLint.test.ts runs the same in `npm test`.
import tsParser from '@typescript-eslint/parser';
import regexp from 'eslint-plugin-regexp';

export default [
  {
    files: ['server/src/engine/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
    },
  },
];
