// Argument checks every backend's TypeScript layer shares, so that a bad argument fails
// the same way (InfkitError E_USAGE naming the text) whichever backend is in use.
import { InfkitError } from '../errors.js';
import { normalizeGuid } from '../plan/context.js';

/** The GUID in the form backends return (upper case in braces); E_USAGE when it is not one. */
export function requireGuid(text: string, what = 'GUID'): string {
  const guid = typeof text === 'string' ? normalizeGuid(text) : null;
  if (guid === null) {
    throw new InfkitError('E_USAGE', `'${String(text)}' is not a valid ${what}`, {
      hint: 'Write a GUID as {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (braces optional, any case).',
    });
  }
  return guid;
}
