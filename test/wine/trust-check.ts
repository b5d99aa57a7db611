// The trust primitives' check, one for the addon and koffi (native-checks.ts and koffi-checks.ts
// run it on their own primitives): WinVerifyTrust's verdicts on the trust fixtures
// (test/fixtures/trust), the code integrity options, and the test signer's round trip through
// LocalMachine Root. Under Wine, the Wine 8 answers docs/wine-gaps.md records.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backend, Primitives } from '../../lib/backend/types.js';
import type { Check } from './checks-runner.js';
import { PROJECT_ROOT } from './load-backend.js';

const TRUST_E_SUBJECT_FORM_UNKNOWN = 0x800b0003;
const TRUST_E_NOSIGNATURE = 0x800b0100;
const ERROR_FILE_NOT_FOUND = 2;
const CODEINTEGRITY_OPTION_ENABLED = 0x1;

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'trust', name);

export function trustCheck(primitives: Primitives, backend: Backend, wine: boolean): Check {
  return [
    'trust: WinVerifyTrust verdicts, code integrity, and a certificate added to and removed from Root',
    async () => {
      const verdict = async (name: string) => (await primitives.verifyTrust(fixture(name))) >>> 0;
      const verdicts = {
        inf: await verdict('widget/widget.inf'),
        unsigned: await verdict('widget/widget.sys'),
        catalog: await verdict('widget/widget.cat'),
        missing: await verdict('widget/no-such-file.cat'),
      };
      assert.equal(verdicts.inf, TRUST_E_SUBJECT_FORM_UNKNOWN, 'an INF is no subject WinVerifyTrust knows');
      assert.equal(verdicts.unsigned, TRUST_E_NOSIGNATURE);
      if (wine) {
        // Wine 8 checks digests and signatures but not the root: the catalog of a self-signed
        // signer that is in no store is trusted; a missing file answers ERROR_FILE_NOT_FOUND.
        assert.equal(verdicts.catalog, 0);
        assert.equal(verdicts.missing, ERROR_FILE_NOT_FOUND);
      } else {
        assert.notEqual(verdicts.catalog, 0, 'a self-signed signer in no store is not trusted');
      }
      const shaped = await backend.verifyTrust(fixture('widget/widget.sys'));
      assert.deepEqual([shaped.trusted, shaped.code, shaped.name], [false, TRUST_E_NOSIGNATURE, 'TRUST_E_NOSIGNATURE']);

      const options = await primitives.codeIntegrityOptions();
      assert.equal(typeof options, 'number');
      if (wine) assert.equal(options, CODEINTEGRITY_OPTION_ENABLED, 'Wine 8: enabled, no test signing');

      const der = readFileSync(fixture('signer.cer'));
      const sha1 = createHash('sha1').update(der).digest();
      const listed = async () => (await primitives.listCertificates('Root')).some((d) => der.equals(d));
      const rootCount = (await primitives.listCertificates('Root')).length;
      // Under Wine an earlier run's certificate can be left (the gap below), so only Windows is sure.
      const added = await primitives.addCertificate('Root', der);
      if (!wine) assert.equal(added, true, 'the test signer was not in Root before');
      assert.equal(await primitives.addCertificate('Root', der), false, 'CRYPT_E_EXISTS: false the second time');
      assert.ok(await listed(), 'Root lists the added certificate');
      const catalogWithSigner = await verdict('widget/widget.cat');
      assert.equal(await primitives.removeCertificate('Root', sha1), true);
      if (wine) {
        // Wine 8's CertDeleteCertificateFromStore does not free the context it deletes (Windows'
        // does), so the registry store is never flushed and the certificate stays. Its registry
        // key goes instead, to leave the prefix as it was. When this fails the gap has closed.
        assert.ok(await listed(), 'Wine 8 keeps a deleted certificate');
        const thumbprint = sha1.toString('hex').toUpperCase();
        await backend.registry.deleteKey('HKLM', `SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates\\${thumbprint}`);
      }
      assert.equal(await listed(), false, 'the removed certificate is not listed');
      assert.equal(await primitives.removeCertificate('Root', sha1), false, 'false when it is not there');
      const hex = (code: number) => `0x${code.toString(16).toUpperCase()}`;
      return {
        verdicts: Object.fromEntries(Object.entries(verdicts).map(([k, v]) => [k, hex(v)])),
        catalogWithSignerInRoot: hex(catalogWithSigner),
        codeIntegrityOptions: options,
        rootCount,
        firstAdd: added,
      };
    },
  ];
}
