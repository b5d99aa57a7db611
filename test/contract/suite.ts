// The ONE contract suite every backend passes (native, koffi, mock). Each case file in
// cases/ exports an array; add a new file there and one line here. Cases use only
// node:assert/strict and Node built-ins, and clean up before and after themselves, so
// they can run against a real machine (Windows, Wine) as well as a fresh mock.
import { classCases } from './cases/classes.js';
import { coreCases } from './cases/core.js';
import { deviceCases } from './cases/devices.js';
import { driverCases } from './cases/drivers.js';
import { interfaceClassCases } from './cases/interface-classes.js';
import { machineCases } from './cases/machine.js';
import { registryCases } from './cases/registry.js';
import { sectionCases } from './cases/sections.js';
import { trustCases } from './cases/trust.js';
import type { ContractCase } from './types.js';

export type * from './types.js';

export const contractCases: ContractCase[] = [
  ...machineCases,
  ...classCases,
  ...interfaceClassCases,
  ...sectionCases,
  ...deviceCases,
  ...coreCases,
  ...driverCases,
  ...registryCases,
  ...trustCases,
];
