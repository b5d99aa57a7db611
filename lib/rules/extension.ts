// Extension INFs (install/using-an-extension-inf-file.md): Class = Extension, an ExtensionId in
// [Version], and no function driver.
import type { InfDocument } from '../inf/types.js';
import type { Rule } from './types.js';
import { infInt } from '../inf/model.js';
import { hasUnresolvedToken, isGuid, linesOfDirective, namesClass } from './helpers.js';

const SPSVCINST_ASSOCSERVICE = 0x2;

/** Class = Extension, or the Extension class's GUID. */
export function isExtensionInf(doc: InfDocument): boolean {
  return namesClass(doc, 'Extension');
}

/** The first ExtensionId line of [Version]. */
function extensionIdLine(doc: InfDocument) {
  return doc.section('Version')?.lines.find((l) => l.key?.trim().toLowerCase() === 'extensionid');
}

const badExtensionId: Rule = {
  code: 'INF1380',
  description:
    'ExtensionId in [Version] must be a GUID written `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, braces and dashes ' +
    'included: Windows picks one extension INF per ExtensionId.',
  fix: 'Generate a GUID and write it in braces: `ExtensionId = {3846ad8c-dd27-433d-ab89-453654cd542a}`.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\nExtensionId = 3846ad8c-dd27-433d-ab89-453654cd542a',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\nExtensionId = {3846ad8c-dd27-433d-ab89-453654cd542a}',
  check(ctx) {
    const field = extensionIdLine(ctx.doc)?.fields[0];
    if (!field || field.value.trim() === '' || hasUnresolvedToken(field)) return; // INF1381, INF1235
    if (!isGuid(field.value)) ctx.report(field, `ExtensionId "${field.value.trim()}" is not a GUID of the form {8-4-4-4-12 hex digits}`);
  },
};

const missingExtensionId: Rule = {
  code: 'INF1381',
  description: 'An extension INF (Class = Extension) must give its ExtensionId in [Version]: the GUID that identifies it across versions.',
  fix: 'Add `ExtensionId = {your-guid}` to [Version]; keep the same GUID in later versions of the INF.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\nExtensionId = {3846ad8c-dd27-433d-ab89-453654cd542a}',
  check(ctx) {
    const version = ctx.doc.section('Version');
    if (!version || !isExtensionInf(ctx.doc)) return;
    const line = extensionIdLine(ctx.doc);
    if (!line) ctx.report(version, 'this extension INF has no ExtensionId in [Version]');
    else if ((line.fields[0]?.value.trim() ?? '') === '') ctx.report(line, 'ExtensionId is empty; an extension INF needs its GUID here');
  },
};

const assocServiceInExtension: Rule = {
  code: 'INF1383',
  description:
    "An extension INF cannot provide a device's function driver, so none of its AddService directives may carry " +
    'SPSVCINST_ASSOCSERVICE (0x2). It may add other services, such as filters.',
  fix: 'Drop the 0x2 flag (the base driver package names the function driver), or move the service to the base INF.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\n\n[Ext_Install.NT.Services]\nAddService = Contoso,0x00000002,Contoso_Service',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\n\n[Ext_Install.NT.Services]\nAddService = Contoso,,Contoso_Service',
  check(ctx) {
    if (!isExtensionInf(ctx.doc)) return;
    for (const { line } of linesOfDirective(ctx.doc, 'addservice')) {
      const flags = line.fields[1];
      const value = infInt(flags?.value.trim());
      if (flags && value !== undefined && (value & SPSVCINST_ASSOCSERVICE) !== 0) {
        ctx.report(
          flags,
          `AddService ${line.fields[0]?.value.trim() ?? ''} sets SPSVCINST_ASSOCSERVICE (0x2), which services of an extension INF cannot have`,
        );
      }
    }
  },
};

export const rules: Rule[] = [badExtensionId, missingExtensionId, assocServiceInExtension];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1382:
    "The page does not say which directives extension INFs may not use, and Microsoft's extension INF docs forbid only a flag (SPSVCINST_ASSOCSERVICE, reported as 1383), so no directive can be named without guessing.",
};
