import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
    // The Wine tier runs through `npm run test:wine`, not inside vitest.
    exclude: ['node_modules/**', 'dist/**', 'test/wine/**'],
    // Tests load the built CLI and library from dist/: as plain Node modules, not through
    // vitest's transform (which costs about a second per test file that imports them).
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
