// Every command registers itself on the program. One file per command, listed here by
// name so that main.ts loads only the module of the command being run (start-up time
// counts: `infkit validate` must not load the manifest schema, YAML, or the backends).
import type { Command } from 'commander';

export type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  load: () => Promise<{ register: Register }>;
}

// One line per command.
export const commands: CommandEntry[] = [
  { name: 'parse', load: () => import('./parse.js') },
  { name: 'validate', load: () => import('./validate.js') },
  { name: 'rules', load: () => import('./rules.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'install', load: () => import('./install.js') },
  { name: 'classes', load: () => import('./classes.js') },
  { name: 'interfaces', load: () => import('./interfaces.js') },
  { name: 'drivers', load: () => import('./drivers.js') },
  { name: 'remove', load: () => import('./remove.js') },
  { name: 'apply', load: () => import('./apply.js') },
  { name: 'log', load: () => import('./log.js') },
  { name: 'trust', load: () => import('./trust.js') },
  { name: 'devices', load: () => import('./devices.js') },
  { name: 'device', load: () => import('./device.js') },
  { name: 'rescan', load: () => import('./rescan.js') },
];

/**
 * The commands to register for these arguments: only the one named when the first
 * argument that is not an option names a command, none for `--version` alone, all of them
 * otherwise (help, usage errors).
 */
export function commandsFor(argv: readonly string[]): CommandEntry[] {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = commands.find((entry) => entry.name === first);
  if (named) return [named];
  return first === undefined && argv.some((arg) => arg === '-V' || arg === '--version') ? [] : commands;
}
