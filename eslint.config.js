import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layeringPlugin } from './eslint/layering.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      'template/assets/**',
      'data/**',
      '**/.output/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'template/*.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // ARCHITECTURE.md's dependency direction and public entry points (eslint/layering.js).
    files: [
      'packages/**/*.{ts,tsx}',
      'template/**/*.{ts,tsx}',
      'e2e/**/*.{ts,tsx}',
      'bench/**/*.{ts,tsx}',
    ],
    plugins: { gatehouse: layeringPlugin },
    rules: { 'gatehouse/layering': 'error' },
  },
  {
    files: ['template/widgets/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['packages/devhost/src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Command-line entry points, scripts, tests and benchmarks talk to a terminal.
    files: [
      '**/test/**',
      '**/*.test.{ts,tsx}',
      'bench/**',
      '**/scripts/**',
      '.ci/**',
      '**/vite*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The MCP Apps sandbox proxy: plain JS served as-is to the browser.
    files: ['packages/devhost/src/sandbox/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // The /inspect page's script: plain JS served as-is to the browser.
    files: ['packages/gateway/src/pages/inspect/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
);
