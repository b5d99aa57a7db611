import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
    // The Wine tier runs through `npm run test:wine`, not inside vitest.
    exclude: ['node_modules/**', 'dist/**', 'test/wine/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
