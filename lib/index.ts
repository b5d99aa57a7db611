// infkit's library entry point. Everything a script needs is reachable from here
// without spawning the CLI.
export * from './inf/types.js';
export * from './errors.js';
export * from './backend/errors.js';
export type * from './backend/types.js';
export * from './inf/index.js';
export * from './io/index.js';
export * from './rules/index.js';
export * from './rules/format.js';
export * from './plan/index.js';
export { openMockBackend, defaultStateDir, MockBackend, type MockBackendOptions } from './backend/mock/index.js';
export { openBackend, BACKEND_CHOICES, type BackendChoice, type OpenBackendOptions } from './backend/select.js';
export {
  winErrorFrom,
  winErrorName,
  describeWinError,
  crToWin32,
  hresultFromSetupapi,
  type WinErrorOptions,
} from './backend/winerror-table.js';
export * from './apply/index.js';
export {
  readLogTail,
  parseLog,
  parseLogText,
  filterSections,
  deviceMatcher,
  parseLogTime,
  defaultLogPath,
  type SetupLog,
  type LogSection,
  type LogBlock,
  type LogExitStatus,
  type SectionFilter,
  type TailOptions,
} from './log/setupapi-log.js';
