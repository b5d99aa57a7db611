// A child process for the mock's lock and atomicity tests (plain JS: it runs the compiled
// mock in BUILD_DIR). Usage:
//   node child.mjs BUILD_DIR STATE_DIR write COUNT TAG   COUNT locked writes of value TAG-i
//   node child.mjs BUILD_DIR STATE_DIR churn BYTES       rewrites a BYTES-long value until killed,
//                                                        printing each committed generation
const [buildDir, stateDir, mode, a, b] = process.argv.slice(2);
const { openMockBackend } = await import(`${buildDir}/backend/mock/index.js`);
const backend = await openMockBackend({ stateDir, lockTimeoutMs: 60_000 });
const KEY = 'SOFTWARE\\infkit-test';

if (mode === 'write') {
  for (let i = 0; i < Number(a); i++) {
    await backend.registry.setValue('HKLM', KEY, `${b}-${i}`, { type: 'REG_DWORD', data: i });
  }
} else if (mode === 'churn') {
  const data = new Uint8Array(Number(a));
  for (let round = 1; ; round++) {
    data.fill(round & 0xff);
    await backend.registry.setValue('HKLM', KEY, 'Big', { type: 'REG_BINARY', data });
    await backend.registry.setValue('HKLM', KEY, 'Round', { type: 'REG_DWORD', data: round });
    process.stdout.write(`${await backend.generation()}\n`);
  }
}
await backend.close();
