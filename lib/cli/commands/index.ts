// Every command registers itself on the program. One file per command.
import type { Command } from 'commander';

export type Register = (program: Command) => void;

// Each command module's `register` is added here (one line per command).
export const commands: Array<() => Promise<{ register: Register }>> = [
];
