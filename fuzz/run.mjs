#!/usr/bin/env node
/**
 * `npm run fuzz [-- options]`: seeded, time-bounded fuzzing of core, the CLI and the language server.
 *
 *   --seed N        PRNG seed (default 1; the same seed gives the same inputs)
 *   --count N       core inputs (default 100000)
 *   --time S        stop the core phase after S seconds (default 900)
 *   --budget MS     per-file time budget (default 2000)
 *   --cli N         inputs sampled through the CLI bin (default 400; 0 = skip)
 *   --lsp N         inputs sampled through the language server (default 300; 0 = skip)
 *   --image N       mutated image archives through scanImage (default 300; 0 = skip; fuzz/image.mjs)
 *   --workers N     core worker threads (default: CPUs)
 *   --no-save       do not write failing inputs to test/fixtures/fuzz-regressions/
 *   --quiet         no progress lines
 *
 * Exit code 0 when nothing failed, 1 otherwise. Needs a build (`npm run build`).
 */
import { runFuzz } from './harness.mjs';
import { runImageFuzz } from './image.mjs';

const args = process.argv.slice(2);
const opts = { save: true };
let imageCount = 300;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const num = () => {
    const v = Number(args[++i]);
    if (!Number.isFinite(v) || v < 0) {
      process.stderr.write(`fuzz: ${a} needs a number\n`);
      process.exit(2);
    }
    return v;
  };
  if (a === '--seed') opts.seed = num();
  else if (a === '--count') opts.count = num();
  else if (a === '--time') opts.timeLimitMs = num() * 1000;
  else if (a === '--budget') opts.budgetMs = num();
  else if (a === '--cli') opts.cli = num();
  else if (a === '--lsp') opts.lsp = num();
  else if (a === '--workers') opts.workers = num();
  else if (a === '--image') imageCount = num();
  else if (a === '--no-save') opts.save = false;
  else if (a === '--quiet') opts.quiet = true;
  else {
    process.stderr.write(`fuzz: unknown option ${a}\n`);
    process.exit(2);
  }
}

const report = await runFuzz(opts);
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const { core, cli, lsp } = report;
console.log(`seed ${report.options.seed}: ${core.count} core inputs in ${s(core.wallMs)} (${core.workers} workers, ${(core.ms / Math.max(1, core.count)).toFixed(2)} ms/input)`);
for (const slow of core.slowest.slice(0, 3)) {
  console.log(`  slow: input ${slow.index} ${slow.ms.toFixed(0)} ms (${slow.length} bytes, ${slow.ops.join('+')} on ${slow.source})`);
}
if (cli) console.log(`cli: ${cli.count} files in ${cli.batches} batches; slowest batch ${s(cli.slowestBatch.ms)} for ${cli.slowestBatch.files} files`);
if (lsp) console.log(`language server: ${lsp.count} documents, ${lsp.requests} requests; slowest ${lsp.slowest.what ?? '-'} ${lsp.slowest.ms.toFixed(0)} ms (input ${lsp.slowest.index ?? '-'})`);
console.log(`total ${s(report.wallMs)}; ${report.failures.length} failure(s)`);
for (const f of report.failures.slice(0, 30)) console.log(`  FAIL input ${f.index}: ${f.problem}${f.ops ? ` [${f.ops.join('+')} on ${f.source}]` : ''}`);
for (const saved of report.saved) console.log(`  saved ${saved.file}`);
const image = imageCount > 0 ? await runImageFuzz({ count: imageCount, seed: opts.seed ?? 1, quiet: opts.quiet }) : undefined;
if (image) {
  console.log(`image archives: ${image.count} in ${s(image.wallMs)}; slowest ${image.slowest.ms.toFixed(0)} ms; ${image.failures.length} failure(s)`);
  for (const f of image.failures.slice(0, 30)) console.log(`  FAIL image input ${f.index}: ${f.problem} [${f.ops.join('+')}]`);
}
process.exitCode = report.failures.length > 0 || (image?.failures.length ?? 0) > 0 ? 1 : 0;
