// The contract suite's own types. Everything under test/contract/ uses only Node
// built-ins and `import type` from lib/, so it compiles to plain JS that runs in
// Windows Node under Wine (tsconfig.json here → dist-test/) without vitest.
import type { Backend } from '../../lib/backend/types.js';

export interface ContractContext {
  backend: Backend;
  /** Absolute directory of test/fixtures/contract. */
  fixtures: string;
  /** A scratch directory the case may write to. */
  tmpDir: string;
  /** True when the backend runs under Wine. */
  wine: boolean;
  /**
   * Reads a file of the machine the backend acts on, by its Windows path; null when it
   * does not exist. The runner fills it in with node:fs on Windows (and Wine); the mock
   * wrapper reads the mock's simulated file tree.
   */
  readMachineFile?: (windowsPath: string) => Promise<Uint8Array | null>;
  /**
   * Opens a second backend on the same machine as a standard (not elevated) user; absent where
   * the runner cannot (Wine runs everything as an administrator).
   */
  standardUser?: () => Promise<Backend>;
}

/** Capabilities a case may need; a runner skips cases whose needs it was not given. */
export type Capability =
  | 'devices' // create/remove root devices and register interfaces on them
  | 'drivers' // stage and remove driver packages
  | 'elevated' // administrator rights
  | 'files' // the file copies of an INF section can be checked
  | 'standard-user' // ctx.standardUser is given
  | 'trust-stores'; // the LocalMachine Root store may be changed (a test certificate is added, then removed)

export interface ContractCase {
  name: string;
  needs?: Capability[];
  run(ctx: ContractContext): Promise<void>;
}

export type ContractStatus = 'pass' | 'fail' | 'skip';

export interface ContractResult {
  name: string;
  status: ContractStatus;
  /** Milliseconds the case took (0 when skipped). */
  ms: number;
  /** Why it was skipped. */
  reason?: string;
  /** The failure: message, and for WinErrors their numbers. */
  error?: { message: string; name?: string; code?: number | string; api?: string; stack?: string };
}
