// infkit trust check INF|DIR: the signing and trust check of driver packages, offline, on any
// OS; with --machine, also whether the machine trusts the catalog's signer (WinVerifyTrust)
// and whether test signing is on. Exit 0 when nothing stops an install, 1 when a finding does,
// 2 for usage and I/O errors. trust add|list|remove: test certificates in LocalMachine Root and
// TrustedPublisher, for test rigs (changes need an elevated process).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { InfkitError } from '../../errors.js';
import { ARCHITECTURES } from '../../inf/platform.js';
import { formatDiagnostics } from '../../rules/format.js';
import { checkPackageTrust, packageInfs, trustRefusesInstall, type TrustReport } from '../../trust/index.js';
import type { CertificateInfo } from '../../trust/catalog.js';
import { BACKEND_CHOICES } from '../../backend/select.js';
import type { CertificateStore, TrustVerdict as TrustVerdictOfMachine } from '../../backend/types.js';
import { EXIT, colors, errorColors, exitCodeFor, printJson } from '../common.js';
import { addCommonOptions, commonOptions, finish, withBackend } from '../options.js';

interface CheckFlags {
  arch: string;
  json?: boolean;
  machine?: boolean;
}

const STORES: readonly CertificateStore[] = ['Root', 'TrustedPublisher'];

export function register(program: Command): void {
  const trust = program.command('trust').description("a driver package's catalog and signature, checked before any install");
  trust
    .command('check')
    .description('check the catalog of a package for an architecture: signer, chain, timestamp, and the hash of every file it installs')
    .argument('<path>', 'an INF, or a folder whose INFs (and those below it) are each checked')
    .addOption(
      new Option('--arch <arch>', 'the architecture whose CatalogFile and files are checked').choices([...ARCHITECTURES]).default('amd64'),
    )
    .option('--json', 'print JSON: the report of the INF, or an array of reports for a folder')
    .option('--machine', "also ask this machine (WinVerifyTrust) whether it trusts the catalog's signer, and whether test signing is on")
    .addOption(
      new Option('--backend <kind>', 'which backend asks the machine (with --machine)').choices([...BACKEND_CHOICES]).default('auto'),
    )
    .option('--state <dir>', 'state directory of the mock machine')
    .action(async (target: string, flags: CheckFlags & Record<string, unknown>) => {
      process.exitCode = await runCheck(target, flags);
    });

  addCommonOptions(trust.command('list'))
    .description('the certificates of the LocalMachine Root and TrustedPublisher stores')
    .addOption(new Option('--store <store>', 'only this store').choices([...STORES]))
    .action(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const stores = typeof raw.store === 'string' ? [raw.store as CertificateStore] : STORES;
      const { describeCertificate } = await import('../../trust/catalog.js');
      const listed = await withBackend(options, async (b) => {
        const out = [];
        for (const store of stores) {
          for (const c of await b.listCertificates(store)) {
            let info: Partial<CertificateInfo> = {};
            try {
              info = describeCertificate(c.der);
            } catch {
              // a store may hold what this reader cannot parse: it is listed by thumbprint only
            }
            out.push({
              store,
              thumbprint: c.thumbprint,
              subject: info.subject ?? null,
              issuer: info.issuer ?? null,
              notAfter: info.notAfter ?? null,
            });
          }
        }
        return out;
      });
      finish(options, {
        json: { certificates: listed },
        text: listed.map(
          (c) =>
            `${c.store.padEnd(16)} ${c.thumbprint}  ${c.subject ?? '(unreadable)'}${c.notAfter ? `  until ${c.notAfter.slice(0, 10)}` : ''}`,
        ),
      });
    });

  addCommonOptions(trust.command('add').argument('<certificate>', 'a .cer file, DER or PEM'))
    .description('trust a test certificate on this machine: add it to LocalMachine Root and TrustedPublisher (test rigs only)')
    .addOption(new Option('--store <store>', 'only this store').choices([...STORES]))
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const der = readCertificateFile(file);
      const stores = typeof raw.store === 'string' ? [raw.store as CertificateStore] : STORES;
      const results = await withBackend(options, async (b) => {
        const out = [];
        for (const store of stores) out.push({ store, ...(await b.addCertificate(store, der)) });
        return out;
      });
      finish(options, {
        json: { certificate: path.resolve(file), results, changed: results.some((r) => r.added) },
        text: results.map((r) => `${r.store}: ${r.added ? 'added' : 'already there'} ${r.thumbprint}`),
      });
    });

  addCommonOptions(trust.command('remove').argument('<thumbprint>', 'the SHA-1 thumbprint (40 hex digits; spaces and colons are ignored)'))
    .description('remove a certificate from LocalMachine Root and TrustedPublisher')
    .addOption(new Option('--store <store>', 'only this store').choices([...STORES]))
    .action(async (thumbprint: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const stores = typeof raw.store === 'string' ? [raw.store as CertificateStore] : STORES;
      const results = await withBackend(options, async (b) => {
        const out = [];
        for (const store of stores) out.push({ store, ...(await b.removeCertificate(store, thumbprint)) });
        return out;
      });
      if (!results.some((r) => r.removed)) {
        throw new InfkitError('E_NOT_FOUND', `no certificate with thumbprint ${thumbprint} is in ${stores.join(' or ')}`, {
          hint: '`infkit trust list` shows the thumbprints',
        });
      }
      finish(options, {
        json: { thumbprint, results, changed: true },
        text: results.map((r) => `${r.store}: ${r.removed ? 'removed' : 'was not there'}`),
      });
    });
}

/** A certificate file's DER: as it is, or from PEM's base64 between its BEGIN and END lines. */
function readCertificateFile(file: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InfkitError('E_IO', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(bytes.toString('latin1'));
  const der = pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : bytes;
  if (der[0] !== 0x30) throw new InfkitError('E_USAGE', `${file} is not a certificate (DER or PEM)`);
  return new Uint8Array(der);
}

/** What this machine says of a report's catalog: WinVerifyTrust's verdict, and test signing. */
async function askMachine(reports: TrustReport[], raw: Record<string, unknown>): Promise<Map<TrustReport, MachineTrust>> {
  const options = commonOptions(raw);
  return withBackend(options, async (b) => {
    const integrity = await b.codeIntegrity();
    const out = new Map<TrustReport, MachineTrust>();
    for (const r of reports) {
      const verdict = r.catalog?.path ? await b.verifyTrust(r.catalog.path) : null;
      out.set(r, { catalog: verdict, testSigning: integrity.testSigning, codeIntegrity: integrity.enabled });
    }
    return out;
  });
}

interface MachineTrust {
  /** WinVerifyTrust of the catalog; null when there is no catalog to ask about. */
  catalog: TrustVerdictOfMachine | null;
  testSigning: boolean;
  codeIntegrity: boolean;
}

type Outcome = TrustReport | { inf: string; error: InfkitError };

async function runCheck(target: string, flags: CheckFlags & Record<string, unknown>): Promise<number> {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new InfkitError('E_IO', `cannot read ${target}: no such file or directory`);
  }
  const infs = isDir ? packageInfs(target) : [target];
  if (infs.length === 0) throw new InfkitError('E_IO', `no .inf files found in ${target}`);
  const outcomes: Outcome[] = [];
  for (const inf of infs) {
    try {
      outcomes.push(await checkPackageTrust(inf, { arch: flags.arch }));
    } catch (error) {
      // One INF that cannot be read does not hide the others of a folder.
      if (!isDir || !(error instanceof InfkitError)) throw error;
      outcomes.push({ inf, error });
    }
  }
  const reports = outcomes.filter((o): o is TrustReport => !('error' in o));
  const machine = flags.machine ? await askMachine(reports, flags) : new Map<TrustReport, MachineTrust>();
  if (flags.json) {
    const json = outcomes.map((o) =>
      'error' in o ? { inf: o.inf, error: o.error.toJSON() } : { ...o, ...(machine.has(o) && { machine: machine.get(o) }) },
    );
    printJson(isDir ? json : json[0]);
  } else {
    for (const o of outcomes) {
      if ('error' in o) process.stderr.write(`${o.inf}: ${errorColors.red('error')} ${o.error.code}: ${o.error.message}\n`);
      else process.stdout.write(formatReport(o) + machineText(machine.get(o)));
    }
    if (isDir) process.stdout.write(`${summary(outcomes)}\n`);
  }
  let code: number = EXIT.OK;
  for (const o of outcomes) {
    const untrusted = !('error' in o) && machine.get(o)?.catalog?.trusted === false;
    code = Math.max(code, 'error' in o ? exitCodeFor(o.error) : trustRefusesInstall(o) || untrusted ? EXIT.FAILED : EXIT.OK);
  }
  return code;
}

function machineText(m: MachineTrust | undefined): string {
  if (m === undefined) return '';
  const verdict =
    m.catalog === null
      ? 'no catalog to ask about'
      : m.catalog.trusted
        ? colors.green('trusted')
        : `${colors.red('not trusted')}: ${m.catalog.name} (${m.catalog.message})`;
  return `  ${'machine'.padEnd(11)}${verdict}; test signing ${m.testSigning ? 'on' : 'off'}\n`;
}

const certText = (c: CertificateInfo) =>
  `${c.subject}\n${' '.repeat(13)}serial ${c.serial}, thumbprint ${c.thumbprint}, valid ${c.notBefore} to ${c.notAfter}`;

function verdictText(r: TrustReport): string {
  if (r.verdict === 'ok') return colors.green('ok');
  return trustRefusesInstall(r) ? colors.red(r.verdict) : colors.yellow(r.verdict);
}

function formatReport(r: TrustReport): string {
  const out = [`${colors.bold(r.inf)}: ${verdictText(r)} (${r.arch}${r.catalog ? `, ${r.catalog.key} = ${r.catalog.name}` : ''})`];
  const row = (label: string, text: string) => out.push(`  ${label.padEnd(11)}${text}`);
  if (r.signer) row('signer', `${certText(r.signer)}${r.signer.expired ? colors.yellow(` (not valid at ${r.signer.judgedAt})`) : ''}`);
  for (const c of r.chain.slice(1)) row('issued by', certText(c));
  if (r.timestamp)
    row('timestamp', `${r.timestamp.time} (${r.timestamp.kind}${r.timestamp.signer ? `, ${r.timestamp.signer.subject}` : ''})`);
  if (r.osAttributes.length > 0) row('OSAttr', r.osAttributes.join(', '));
  r.files.forEach((f, i) => {
    const state = f.matches ? colors.green('matches') : f.listed ? colors.red('does not match') : colors.red('not listed');
    const how = f.hashAlgorithm ? ` (${f.hashAlgorithm}, ${f.hashKind === 'pe' ? 'Authenticode' : 'file'} hash)` : '';
    row(i === 0 ? 'files' : '', `${f.name}: ${state}${how}`);
  });
  return `${out.join('\n')}\n${formatDiagnostics(r.findings, { color: colors.isColorSupported })}`;
}

/** `53 INFs: 40 ok, 3 expired, ...` */
function summary(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = 'error' in o ? 'unreadable' : o.verdict;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `${outcomes.length} INF${outcomes.length === 1 ? '' : 's'}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`;
}
