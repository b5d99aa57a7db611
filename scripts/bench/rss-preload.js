// @ts-check
// Preloaded (node --import) into a benchmarked child: on exit, writes the process's peak
// resident set size to $INFKIT_BENCH_RSS_OUT. process.resourceUsage().maxRSS is in KiB.
import { writeFileSync } from 'node:fs';

const out = process.env.INFKIT_BENCH_RSS_OUT;
if (out) {
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}
