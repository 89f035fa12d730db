/**
 * `npm run bench`: every benchmark in one run, printed side by side as ratios.
 * Environment: BENCH_MINUTES (sustained run, default 2), BENCH_ROUNDS (overhead, default 40).
 * Not part of `npm test`: it takes a few minutes and its figures depend on the machine.
 */
import { benchMemory } from "./memory.js";
import { benchOverhead } from "./overhead.js";
import { benchThroughput } from "./throughput.js";

const minutes = Number(process.env.BENCH_MINUTES ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 150);
const only = process.env.BENCH_ONLY?.split(",");
const wanted = (name: string) => !only || only.includes(name);

console.log(`altegio-sdk benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
if (wanted("overhead")) {
  console.log((await benchOverhead({ rounds, callsPerRound: 20 })).report, "\n");
}
if (wanted("memory")) console.log((await benchMemory()).report, "\n");
if (wanted("throughput")) {
  console.log((await benchThroughput({ minutes, workers: 8, burst: 25 })).report, "\n");
}
