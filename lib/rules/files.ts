// Files: [SourceDisksNames], [SourceDisksFiles], [DestinationDirs], CopyFiles and the other
// file operations, and what lands where.
import type { Rule } from './types.js';
import { readDestinationDirs } from '../inf/model.js';

const outsideDriverStore: Rule = {
  code: 'INF1322',
  title: 'Files copied outside the driver store (Windows Driver)',
  description:
    'A Windows Driver package should run its files from the driver store (DIRID 13) instead of copying them to ' +
    'System32 or elsewhere (driver package isolation).',
  fix: 'Use `DefaultDestDir = 13` (and 13 for every entry of [DestinationDirs]) and load files from there.',
  bad: '[DestinationDirs]\nDefaultDestDir = 12',
  good: '[DestinationDirs]\nDefaultDestDir = 13',
  check(ctx) {
    for (const entry of readDestinationDirs(ctx.doc).entries) {
      if (entry.diridText.trim() !== '' && entry.dirid !== undefined && entry.dirid !== 13) {
        ctx.report(entry.line.fields[0], `${entry.key} copies to DIRID ${entry.dirid}, outside the driver store (13)`);
      }
    }
  },
};


export const rules: Rule[] = [outsideDriverStore];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
