// infkit's library entry point. Everything a script needs is reachable from here
// without spawning the CLI.
export * from './inf/types.js';
export * from './errors.js';
export * from './backend/errors.js';
export type * from './backend/types.js';
