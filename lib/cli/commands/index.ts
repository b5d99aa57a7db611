// Every command registers itself on the program. One file per command.
import type { Command } from 'commander';

export type Register = (program: Command) => void;

// Each command module's `register` is added here (one line per command).
export const commands: Array<() => Promise<{ register: Register }>> = [
  () => import('./parse.js'),
  () => import('./validate.js'),
  () => import('./plan.js'),
  () => import('./install.js'),
  () => import('./classes.js'),
  () => import('./interfaces.js'),
  () => import('./drivers.js'),
  () => import('./remove.js'),
  () => import('./apply.js'),
];
