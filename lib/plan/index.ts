// Install plans: what an install would do, as data. Nothing here touches a machine.
export * from './types.js';
export { buildPlan, DEFAULT_SYSTEM_ROOT, type BuildPlanOptions } from './build.js';
export { hkrKey, addRegValue, addRegValueType, FLG_ADDREG, DEVICE_INSTANCE_SUFFIX } from './registry.js';
export { DRIVER_STORE_HASH_PLACEHOLDER } from './dirids.js';
export { checkSafety, ALLOWED_REGISTRY_ROOTS, allowedFileRoots } from './paths.js';
export { planToJson, formatPlan, describeOperation } from './format.js';
export { normalizeGuid } from '../base/guid.js';
export {
  rankDrivers,
  type DeviceIds,
  type CatalogPlace,
  type RankPackage,
  type MatchType,
  type DriverCandidate,
  type ExcludedMatch,
  type DriverRanking,
} from './rank.js';
