// Preloaded (node --require) by bundle.test.ts: as the process exits, says on stderr which
// worker threads it started and how many messages each posted back.
const threads = require('node:worker_threads');
const { syncBuiltinESMExports } = require('node:module');

const started = [];
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  constructor(file, options) {
    super(file, options);
    const seen = { file: String(file), messages: 0 };
    started.push(seen);
    this.on('message', () => seen.messages++);
  }
};
syncBuiltinESMExports(); // `import('node:worker_threads')` now gives the class above too
process.on('exit', () => {
  for (const { file, messages } of started) process.stderr.write(`worker-probe: ${file} ${messages}\n`);
});
