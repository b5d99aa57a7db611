// Reading a lab manifest: YAML → schema check (ajv) → a resolved model whose INF paths
// are absolute (relative paths resolve against the manifest's folder; `\` and `/` separate
// folders on every OS), each with the path as written for item ids and messages. Any failure is
// an InfkitError E_MANIFEST naming the file, the line and column, and the JSON path of
// the bad field; nothing is ever applied from a manifest that fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import { InfkitError } from '../errors.js';
import { normalizeGuid as canonicalGuid } from '../base/guid.js';
import { MANIFEST_SCHEMA } from './schema.js';

/** Where in the manifest an item was declared, as a JSON pointer: '/devices/0'. */
export type ManifestPointer = string;

export interface ManifestClass {
  at: ManifestPointer;
  /** Class INF whose [ClassInstall32] is installed when the class is missing. */
  inf?: string;
  infAsWritten?: string;
  /** A class that must already exist, by GUID (canonical form) ... */
  guid?: string;
  /** ... or by name. */
  name?: string;
}

export interface ManifestInterfaceClass {
  at: ManifestPointer;
  /** INF whose [InterfaceInstall32] is installed (only the `guid` entry when given). */
  inf?: string;
  infAsWritten?: string;
  guid?: string;
}

export interface ManifestPackage {
  at: ManifestPointer;
  inf: string;
  infAsWritten: string;
  /** 'stage': add to the driver store; 'install': also install it on matching devices. */
  action: 'stage' | 'install';
  hardwareId?: string;
}

export interface ManifestInterface {
  at: ManifestPointer;
  classGuid: string;
  reference: string;
}

export interface ManifestDevice {
  at: ManifestPointer;
  hardwareId: string;
  /** Setup class by name or GUID. */
  class?: string;
  description?: string;
  inf?: string;
  interfaces: ManifestInterface[];
  /** false: disabled (DICS_DISABLE), true: enabled; undefined: left as it is. */
  enabled?: boolean;
  /** 'started': the device must run after apply. */
  state?: 'started';
}

export interface ManifestSection {
  at: ManifestPointer;
  inf: string;
  infAsWritten: string;
  section: string;
  mode: 'setupapi' | 'hinf';
}

// Each `inf` is the INF's absolute path; `infAsWritten` is the path as the manifest writes it,
// with `/` separators (`infs/labrig.inf`): what item ids name.

export interface LabManifest {
  /** Absolute path of the manifest file. */
  file: string;
  name: string;
  classes: ManifestClass[];
  interfaceClasses: ManifestInterfaceClass[];
  packages: ManifestPackage[];
  devices: ManifestDevice[];
  sections: ManifestSection[];
}

/** The manifest as written (what the schema admits). */
interface RawManifest {
  version: 1;
  name?: string;
  classes?: Array<{ inf?: string; guid?: string; name?: string }>;
  interfaceClasses?: Array<{ inf?: string; guid?: string }>;
  packages?: Array<{ inf: string; action?: 'stage' | 'install'; hardwareId?: string }>;
  devices?: Array<{
    hardwareId: string;
    class?: string;
    description?: string;
    inf?: string;
    interfaces?: Array<{ class: string; reference?: string }>;
    enabled?: boolean;
    state?: 'started';
  }>;
  sections?: Array<{ inf: string; section?: string; mode?: 'setupapi' | 'hinf' }>;
}

let compiled: ValidateFunction<RawManifest> | undefined;

/** The schema's validator, compiled on first use (every CLI start loads this module). */
function validateSchema(): ValidateFunction<RawManifest> {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false }).compile<RawManifest>(MANIFEST_SCHEMA);
  return compiled;
}

/** Reads, checks and resolves a manifest file. Throws InfkitError E_MANIFEST or E_IO. */
export function loadManifest(file: string): LabManifest {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    throw new InfkitError('E_IO', `cannot read manifest ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      file,
      cause,
    });
  }
  return parseManifest(text, absolute, file);
}

/** Checks and resolves manifest text; `absolute` anchors relative INF paths, `shown` names it in errors. */
export function parseManifest(text: string, absolute: string, shown: string = absolute): LabManifest {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const where = lineCounter.linePos(yamlError.pos[0]);
    throw new InfkitError('E_MANIFEST', `not valid YAML: ${yamlError.message.split('\n')[0]}`, {
      file: shown,
      line: where.line,
      column: where.col,
    });
  }
  const data: unknown = document.toJS();
  const validate = validateSchema();
  if (!validate(data)) {
    const errors = relevantErrors(validate.errors ?? []);
    const first = errors[0]!;
    const where = positionOf(document, lineCounter, first);
    const all = errors.map(describeError);
    throw new InfkitError('E_MANIFEST', all.length === 1 ? all[0]! : `${all[0]} (and ${all.length - 1} more: ${all.slice(1).join('; ')})`, {
      file: shown,
      ...(where && { line: where.line, column: where.col }),
      hint: 'the manifest schema is documented in docs/manifest.md; nothing was applied',
    });
  }
  return resolveManifest(data, absolute);
}

/** An INF path as written, with `/` separators (`infs\\labrig.inf` is `infs/labrig.inf`). */
function writtenPath(p: string): string {
  return p.replace(/\\/g, '/');
}

function resolveManifest(raw: RawManifest, file: string): LabManifest {
  const dir = path.dirname(file);
  const inf = (p: string) => path.resolve(dir, writtenPath(p));
  const infFields = (p: string) => ({ inf: inf(p), infAsWritten: writtenPath(p) });
  return {
    file,
    name: raw.name ?? path.basename(file),
    classes: (raw.classes ?? []).map((c, i) => ({
      at: `/classes/${i}`,
      ...(c.inf !== undefined && infFields(c.inf)),
      ...(c.guid !== undefined && { guid: canonicalGuid(c.guid)! }),
      ...(c.name !== undefined && { name: c.name }),
    })),
    interfaceClasses: (raw.interfaceClasses ?? []).map((c, i) => ({
      at: `/interfaceClasses/${i}`,
      ...(c.inf !== undefined && infFields(c.inf)),
      ...(c.guid !== undefined && { guid: canonicalGuid(c.guid)! }),
    })),
    packages: (raw.packages ?? []).map((p, i) => ({
      at: `/packages/${i}`,
      ...infFields(p.inf),
      action: p.action ?? 'stage',
      ...(p.hardwareId !== undefined && { hardwareId: p.hardwareId }),
    })),
    devices: (raw.devices ?? []).map((d, i) => ({
      at: `/devices/${i}`,
      hardwareId: d.hardwareId,
      ...(d.class !== undefined && { class: d.class }),
      ...(d.description !== undefined && { description: d.description }),
      ...(d.inf !== undefined && { inf: inf(d.inf) }),
      interfaces: (d.interfaces ?? []).map((f, j) => ({
        at: `/devices/${i}/interfaces/${j}`,
        classGuid: canonicalGuid(f.class)!,
        reference: f.reference ?? '',
      })),
      ...(d.enabled !== undefined && { enabled: d.enabled }),
      ...(d.state !== undefined && { state: d.state }),
    })),
    sections: (raw.sections ?? []).map((s, i) => ({
      at: `/sections/${i}`,
      ...infFields(s.inf),
      section: s.section ?? 'DefaultInstall',
      mode: s.mode ?? 'setupapi',
    })),
  };
}

/**
 * ajv reports a failed oneOf/anyOf together with each branch's failure; the branches'
 * "must have required property" errors only repeat the combinator's message. Keep the
 * errors a person would act on.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept = errors.filter(
    (e) => !(e.keyword === 'required' && combinators.has(e.instancePath) && /\/(oneOf|anyOf)\//.test(e.schemaPath)),
  );
  // A misspelt key is the likeliest cause of a missing one: say it first.
  const first = (e: ErrorObject) => (e.keyword === 'additionalProperties' ? 0 : 1);
  return (kept.length > 0 ? kept : errors).sort((a, b) => first(a) - first(b));
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `${at}: missing required field '${String(params.missingProperty)}'`;
    case 'oneOf':
    case 'anyOf': {
      const names = combinatorFields(error);
      return `${at}: needs ${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${names}`;
    }
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify(params.allowedValue)}`;
    case 'not':
      return `${at}: ${(error.schema as { description: string }).description}`;
    case 'pattern':
      return error.instancePath.endsWith('/reference')
        ? `${at}: a reference string may not contain '/' or '\\'`
        : `${at}: must be a GUID like {4D36E97D-E325-11CE-BFC1-08002BE10318}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/** 'inf, guid or name' from a oneOf/anyOf of `required` branches. */
function combinatorFields(error: ErrorObject): string {
  const branches = (error.schema as Array<{ required?: string[] }> | undefined) ?? [];
  const names = branches.flatMap((b) => b.required ?? []).map((n) => `'${n}'`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Line and column of the node an error is about (the offending key for unknown fields). */
function positionOf(document: Document, lines: LineCounter, error: ErrorObject): { line: number; col: number } | undefined {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let node: unknown = segments.length === 0 ? document.contents : document.getIn(segments, true);
  if (error.keyword === 'additionalProperties' && isMap(node)) {
    const name = String((error.params as Record<string, unknown>).additionalProperty);
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === name);
    if (pair) node = pair.key;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lines.linePos(range[0]) : undefined;
}
