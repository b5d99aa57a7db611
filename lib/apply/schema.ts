// The JSON Schema of a lab manifest (`infkit apply lab.yaml`), documented field by
// field in docs/manifest.md. Kept as a TypeScript constant so it ships inside dist/.
// Every object refuses unknown fields, so a misspelt key is an error, not a no-op.
// A `not` rule's description is the message shown when a manifest breaks it.

const GUID_PATTERN = '^\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?$';

const guid = { type: 'string', pattern: GUID_PATTERN } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;

/** Exactly one of `names` must be present (reported as one readable message). */
function exactlyOne(names: string[]) {
  return { oneOf: names.map((name) => ({ required: [name] })) };
}

/** A list of objects with these `properties` and no others; `rules` adds `required`, `oneOf`, ... */
function listOf(properties: Record<string, object>, rules: object = {}) {
  return { type: 'array', items: { type: 'object', additionalProperties: false, properties, ...rules } } as const;
}

export const MANIFEST_SCHEMA = {
  $id: 'https://infkit.dev/schema/lab-manifest-1.json',
  title: 'infkit lab manifest',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    name: nonEmpty,
    classes: listOf({ inf: nonEmpty, guid, name: nonEmpty }, exactlyOne(['inf', 'guid', 'name'])),
    interfaceClasses: listOf({ inf: nonEmpty, guid }, { anyOf: [{ required: ['inf'] }, { required: ['guid'] }] }),
    packages: listOf({ inf: nonEmpty, action: { enum: ['stage', 'install'] }, hardwareId: nonEmpty }, { required: ['inf'] }),
    devices: listOf(
      {
        hardwareId: nonEmpty,
        class: nonEmpty,
        description: nonEmpty,
        inf: nonEmpty,
        interfaces: listOf({ class: guid, reference: { type: 'string', pattern: '^[^\\\\/]*$' } }, { required: ['class'] }),
        enabled: {
          type: 'boolean',
          description:
            'false: disable the device (DICS_DISABLE, problem 22) once it exists; true: enable it. Undo restores the state before.',
        },
        state: {
          enum: ['started'],
          description: 'started: the device must run (DN_STARTED, no problem code) after apply; one restart is tried, then the item fails.',
        },
      },
      {
        required: ['hardwareId'],
        not: {
          description: "'state: started' cannot be met by a device with 'enabled: false' (a disabled device does not run)",
          required: ['enabled', 'state'],
          properties: { enabled: { const: false } },
        },
      },
    ),
    sections: listOf({ inf: nonEmpty, section: nonEmpty, mode: { enum: ['setupapi', 'hinf'] } }, { required: ['inf'] }),
  },
} as const;
