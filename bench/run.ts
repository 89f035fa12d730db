/**
 * `npm run bench`: every benchmark in one run, printed side by side as ratios.
 * Environment: BENCH_MINUTES (sustained run, default 2: the figure the issue asks for needs ≥ 2),
 * BENCH_ROUNDS (overhead rounds, default 150), BENCH_ONLY (e.g. `overhead,memory`; the others are
 * `throughput` and `generate`).
 * Not part of `npm test`: it takes about four minutes and its figures depend on the machine.
 */
import { benchGenerate } from "./generate.js";
import { benchMemory } from "./memory.js";
import { benchOverhead } from "./overhead.js";
import { benchThroughput } from "./throughput.js";

const minutes = Number(process.env.BENCH_MINUTES ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 150);
const only = process.env.BENCH_ONLY?.split(",");
const wanted = (name: string) => !only || only.includes(name);

console.log(`altegio-sdk benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
// Memory first, on a clean heap.
if (wanted("memory")) console.log((await benchMemory()).report, "\n");
if (wanted("overhead")) {
  console.log((await benchOverhead({ rounds, callsPerRound: 20 })).report, "\n");
}
if (wanted("throughput")) {
  if (minutes < 2)
    console.log(`(BENCH_MINUTES=${minutes}: shorter than the 2 minutes the target is defined on)`);
  console.log((await benchThroughput({ minutes, workers: 8, burst: 25 })).report, "\n");
}
if (wanted("generate")) console.log((await benchGenerate({ warmRuns: 3 })).report, "\n");
