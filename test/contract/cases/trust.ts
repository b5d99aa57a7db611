// Trust on the machine: WinVerifyTrust, code integrity, the LocalMachine Root and
// TrustedPublisher stores (CertAddEncodedCertificateToStore, CertDeleteCertificateFromStore).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContractCase } from '../types.js';
import { expectInfkitError, fixture, quietly } from '../util.js';

/** test/fixtures/contract/test-cert.cer: a self-signed certificate made for these cases only. */
const TEST_THUMBPRINT = 'DF2B30C5786AF4B60D878CCC79CB4C52E7420D81';

export const trustCases: ContractCase[] = [
  {
    name: 'trust: codeIntegrity says whether code integrity and test signing are on',
    async run({ backend }) {
      const ci = await backend.codeIntegrity();
      assert.equal(typeof ci.enabled, 'boolean');
      assert.equal(typeof ci.testSigning, 'boolean');
      assert.equal(ci.testSigning, (ci.options & 0x2) !== 0, 'testSigning is CODEINTEGRITY_OPTION_TESTSIGN');
    },
  },
  {
    name: 'trust: an unsigned file is not trusted, and the verdict names why',
    async run({ backend, tmpDir }) {
      const file = path.join(tmpDir, 'unsigned-payload.bin');
      await writeFile(file, 'not signed by anyone\n');
      const verdict = await backend.verifyTrust(file);
      assert.equal(verdict.trusted, false);
      assert.notEqual(verdict.code, 0);
      assert.match(verdict.name, /^(TRUST_E_|CERT_E_|CRYPT_E_)/, `a trust code's name (got ${verdict.name})`);
      assert.ok(verdict.message.length > 0);
      assert.equal(verdict.file, file);
    },
  },
  {
    name: 'trust: a certificate added to Root is listed by its thumbprint, once, and removed again',
    needs: ['elevated', 'trust-stores'],
    async run(ctx) {
      const { backend } = ctx;
      const der = new Uint8Array(await readFile(fixture(ctx, 'test-cert.cer')));
      await quietly(() => backend.removeCertificate('Root', TEST_THUMBPRINT));
      try {
        const added = await backend.addCertificate('Root', der);
        assert.deepEqual(added, { thumbprint: TEST_THUMBPRINT, added: true });
        const listed = (await backend.listCertificates('Root')).filter((c) => c.thumbprint === TEST_THUMBPRINT);
        assert.equal(listed.length, 1, 'listed once');
        assert.deepEqual([...listed[0]!.der], [...der], 'as the same DER');
        assert.equal((await backend.addCertificate('Root', der)).added, false, 'adding it again adds nothing');
        assert.equal(
          (await backend.removeCertificate('Root', TEST_THUMBPRINT.toLowerCase().match(/../g)!.join(':'))).removed,
          true,
          'a thumbprint in any case, with colons',
        );
        assert.ok(!(await backend.listCertificates('Root')).some((c) => c.thumbprint === TEST_THUMBPRINT), 'gone');
        assert.equal((await backend.removeCertificate('Root', TEST_THUMBPRINT)).removed, false, 'removing it again removes nothing');
      } finally {
        await quietly(() => backend.removeCertificate('Root', TEST_THUMBPRINT));
      }
    },
  },
  {
    name: 'trust: a store that is not Root or TrustedPublisher, PEM text, or a bad thumbprint is E_USAGE',
    async run({ backend }) {
      await expectInfkitError(backend.listCertificates('My' as 'Root'), 'E_USAGE', 'My');
      await expectInfkitError(backend.addCertificate('Root', new TextEncoder().encode('-----BEGIN CERTIFICATE-----')), 'E_USAGE');
      await expectInfkitError(backend.removeCertificate('Root', 'DF2B30'), 'E_USAGE', 'DF2B30');
    },
  },
];
