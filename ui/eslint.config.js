// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'src/gen/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The UI reaches the backend only through the Host interface (STYLE.md, habit 9):
      // only ui/src/host/ may know that Tauri exists.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tauri-apps/*'],
              message: 'Only ui/src/host/ may import Tauri; go through the Host interface.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/host/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
