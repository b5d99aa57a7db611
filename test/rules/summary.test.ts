// The validate summary is the same JSON whatever order the files were read in.
import { describe, expect, it } from 'vitest';
import { SummaryCounter } from '../../lib/rules/index.js';
import type { FileResult } from '../../lib/rules/types.js';

const finding = (code: string, severity: 'error' | 'warning' | 'info') => ({
  code,
  severity,
  file: 'a.inf',
  line: 1,
  column: 1,
  message: 'm',
});

describe('SummaryCounter', () => {
  it('counts by severity and lists codes in code order, not in the order met', () => {
    const files = [
      { file: 'b.inf', diagnostics: [finding('INF9205', 'warning'), finding('INF1203', 'error')] },
      { file: 'a.inf', diagnostics: [finding('INF1001', 'warning'), finding('INF9901', 'info'), finding('INF1203', 'error')] },
    ] as unknown as FileResult[];
    const forward = new SummaryCounter();
    const backward = new SummaryCounter();
    for (const f of files) forward.add(f);
    for (const f of [...files].reverse()) backward.add(f);
    expect(JSON.stringify(forward.sorted())).toBe(JSON.stringify(backward.sorted()));
    expect(forward.sorted()).toEqual({
      files: 2,
      errors: 2,
      warnings: 2,
      infos: 1,
      byCode: { INF1001: 1, INF1203: 2, INF9205: 1, INF9901: 1 },
    });
    expect(Object.keys(forward.sorted().byCode)).toEqual(['INF1001', 'INF1203', 'INF9205', 'INF9901']);
  });
});
