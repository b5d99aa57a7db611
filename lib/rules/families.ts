// The rule families, one file each, in documentation order. A family exports its rules and,
// for the InfVerif codes of its area that infkit does not check, the reason why (`unchecked`).
import type { Rule } from './types.js';
import * as syntax from './syntax.js';
import * as version from './version.js';
import * as references from './references.js';
import * as needs from './needs.js';
import * as files from './files.js';
import * as registry from './registry.js';
import * as interfaceInstall from './interface-install.js';
import * as isolation from './isolation.js';
import * as services from './services.js';
import * as classInstall from './class-install.js';
import * as defaultInstall from './default-install.js';
import * as legacy from './legacy.js';
import * as universal from './universal.js';
import * as driver from './driver.js';
import * as primitive from './primitive.js';
import * as extension from './extension.js';
import * as software from './software.js';
import * as components from './components.js';
import * as network from './network.js';

export interface Family {
  name: string;
  rules: readonly Rule[];
  /** InfVerif codes ('INF1202') of this area without a check, each with why it cannot be decided here. */
  unchecked?: Readonly<Record<string, string>>;
}

export const FAMILIES: readonly Family[] = [
  { name: 'syntax', ...syntax },
  { name: 'version', ...version },
  { name: 'references', ...references },
  { name: 'needs', ...needs },
  { name: 'files', ...files },
  { name: 'registry', ...registry },
  { name: 'interface-install', ...interfaceInstall },
  { name: 'isolation', ...isolation },
  { name: 'services', ...services },
  { name: 'class-install', ...classInstall },
  { name: 'default-install', ...defaultInstall },
  { name: 'legacy', ...legacy },
  { name: 'universal', ...universal },
  { name: 'driver', ...driver },
  { name: 'primitive', ...primitive },
  { name: 'extension', ...extension },
  { name: 'software', ...software },
  { name: 'components', ...components },
  { name: 'network', ...network },
];
