#!/usr/bin/env node
// Writes docs/rules.md from the catalogue and the rule definitions (lib/rules/*.ts, built to dist/).
// Run with `npm run docs:rules`; test/rules/docs.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';

const { RULES, catalogue } = await import('../dist/rules/index.js');
const { renderRulesMarkdown } = await import('../dist/rules/docs.js');
const target = new URL('../docs/rules.md', import.meta.url);
writeFileSync(target, renderRulesMarkdown(RULES, catalogue()));
console.log(`wrote docs/rules.md (${RULES.length} rules)`);
