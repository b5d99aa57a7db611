// The README's library example, as written there, against the built-in fixtures and the mock
// machine: if the README's calls stop working, this fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan, openBackend, parseInf, parseInfFiles, validateDocument } from '../lib/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const state = mkdtempSync(path.join(tmpdir(), 'infkit-readme-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('README: as a library', () => {
  it('parses, validates, plans and lists classes as the README shows', async () => {
    const doc = await parseInf(path.join(root, 'examples/lab/infs/labrig.inf'), { locale: '0407' });
    expect(doc.section('version')?.name).toBe('Version');
    expect(doc.value('Version', 'Class')).toBe('LabRig');
    const json = JSON.parse(JSON.stringify(doc));
    expect(Object.keys(json)).toEqual(['file', 'encoding', 'sections']);

    const findings = validateDocument(doc, { mode: 'default', arch: 'amd64' });
    expect(findings.filter((d) => d.severity === 'error')).toEqual([]);

    const many: string[] = [];
    for await (const r of parseInfFiles([path.join(root, 'examples/lab/infs/labrig.inf'), path.join(root, 'no-such.inf')])) {
      if (r.error) many.push(`${path.basename(r.file)} ${r.error.code}`);
      else many.push(`${path.basename(r.file)} ${r.document.sections.length}`);
    }
    expect(many).toEqual([`labrig.inf ${doc.sections.length}`, 'no-such.inf E_IO']);

    const plan = buildPlan(doc, { kind: 'package', target: { arch: 'amd64', osVersion: '10.0.22631' } });
    expect(plan.operations.map((op) => op.op)).toContain('stage-package');

    const notices: string[] = [];
    const backend = await openBackend({ backend: 'auto', stateDir: state, onNotice: (m) => notices.push(m) });
    try {
      const classes = await backend.listClasses({ excludeNoInstall: true });
      expect(classes.some((c) => c.name === 'System')).toBe(true);
      if (process.platform !== 'win32') {
        expect(backend.kind).toBe('mock');
        expect(notices.join('\n')).toMatch(/mock/);
      }
    } finally {
      await backend.close();
    }
  });
});
