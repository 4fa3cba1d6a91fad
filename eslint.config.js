import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      // zod classic costs ~10 ms of the bundle's start-up over zod/mini (issue 9); one import of it
      // anywhere puts it back in the bundle.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: "Use zod/mini: import * as z from 'zod/mini'." },
            { name: 'zod/v4', message: 'Import zod/mini.' }
          ]
        }
      ]
    }
  }
)
