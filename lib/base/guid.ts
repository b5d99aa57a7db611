// GUIDs in text form, for every layer: the one parser, and the GUIDs infkit names.

/** A GUID as infkit returns it: upper case in braces; null when the text is not a GUID. */
export function normalizeGuid(text: string): string | null {
  const m = /^\s*\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?\s*$/.exec(text);
  return m ? `{${m[1]!.toUpperCase()}}` : null;
}

export const GUID_NULL = '{00000000-0000-0000-0000-000000000000}';
/** The System setup class: where a device goes when nothing names its class. */
export const GUID_DEVCLASS_SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
