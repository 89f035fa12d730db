/**
 * What a client costs to create, on the packed SDK (a multi-tenant app makes one per business
 * user): after the first client (which defines the facade's shared prototypes), batches of 1,000
 * `createAltegioClient({ partnerToken, userToken, baseUrl })` with the defaults, each with its own
 * user token, kept alive; heap (after a full GC, `node --expose-gc`) and this process's CPU time
 * per batch (wall time too: on shared cores it also counts other jobs' turns), median of the
 * batches, after one unmeasured batch of each variant. Also: the same clients with the `clients` namespace and one method touched (what a
 * first call adds), and openapi-fetch's `createClient` for comparison.
 */
import type { OpenapiFetch, Sdk } from "./support/packed.js";
import { heapAfterGc, median, table } from "./support/stats.js";

export interface ClientCostResult {
  bytesPerClient: number;
  msPerClient: number;
  bytesPer1000: number;
  report: string;
}

interface Batch {
  bytes: number;
  /** This process's CPU time (user + system), ms: what another engineer's job on the core does not inflate. */
  ms: number;
  wallMs: number;
}

async function measure(count: number, make: (i: number) => unknown): Promise<Batch> {
  const kept: unknown[] = new Array(count);
  const before = await heapAfterGc();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++) kept[i] = make(i);
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - started;
  const ms = (cpu.user + cpu.system) / 1000;
  const after = await heapAfterGc();
  if (kept.length !== count) throw new Error("unreachable");
  return { bytes: after - before, ms, wallMs };
}

export async function benchClients(
  sdk: Sdk,
  openapiFetch: OpenapiFetch,
  options: { batches: number; perBatch: number } = { batches: 5, perBatch: 1000 },
): Promise<ClientCostResult> {
  const baseUrl = "http://127.0.0.1:9/api/v1";
  const tokens = Array.from({ length: options.perBatch }, (_, i) => `bench-user-token-${i}`);
  const options_ = (i: number) => ({
    partnerToken: "bench-partner-token",
    userToken: tokens[i],
    baseUrl,
  });
  // The first client: defines the shared prototypes (and warms up the code).
  const first = sdk.createAltegioClient(options_(0));
  void first.clients.get;

  const variants: Record<string, (i: number) => unknown> = {
    "createAltegioClient (defaults)": (i) => sdk.createAltegioClient(options_(i)),
    "… and `clients.get` touched": (i) => {
      const client = sdk.createAltegioClient(options_(i));
      void client.clients.get;
      return client;
    },
    "openapi-fetch createClient": (i) =>
      openapiFetch.default({ baseUrl, headers: { Authorization: `Bearer x, User ${tokens[i]}` } }),
  };
  const results: Record<string, Batch[]> = {};
  // One unmeasured batch of each: JIT.
  for (const make of Object.values(variants)) await measure(options.perBatch, make);
  for (let b = 0; b < options.batches; b++) {
    for (const [name, make] of Object.entries(variants)) {
      (results[name] ??= []).push(await measure(options.perBatch, make));
    }
  }
  const figures = Object.fromEntries(
    Object.entries(results).map(([name, batches]) => [
      name,
      {
        bytes: median(batches.map((b) => b.bytes)),
        ms: median(batches.map((b) => b.ms)),
        wallMs: median(batches.map((b) => b.wallMs)),
      },
    ]),
  );
  const n = options.perBatch;
  const rows = [
    ["variant", "heap per client", "CPU per client", "wall per client", `heap per ${n}`],
  ];
  for (const [name, f] of Object.entries(figures)) {
    rows.push([
      name,
      `${(f.bytes / n / 1024).toFixed(2)} KB`,
      `${((f.ms / n) * 1000).toFixed(1)} µs`,
      `${((f.wallMs / n) * 1000).toFixed(1)} µs`,
      `${(f.bytes / 1024 / 1024).toFixed(2)} MiB`,
    ]);
  }
  const sdkFigure = figures["createAltegioClient (defaults)"]!;
  const bytesPerClient = sdkFigure.bytes / n;
  const msPerClient = sdkFigure.ms / n;
  const report = [
    `Creating clients after the first, packed SDK, ${options.batches} batches of ${n} kept alive, medians${"gc" in globalThis ? "" : " (run with --expose-gc for exact heap figures)"}:`,
    table(rows),
    `  per client: ${(bytesPerClient / 1024).toFixed(2)} KB (target ≤ 10 KB → ${bytesPerClient <= 10 * 1024 ? "met" : "NOT met"}), ${(msPerClient * 1000).toFixed(1)} µs CPU (target ≤ 100 µs → ${msPerClient <= 0.1 ? "met" : "NOT met"}); ${n} clients: ${(sdkFigure.bytes / 1024 / 1024).toFixed(2)} MiB (target ≤ 10 MiB → ${sdkFigure.bytes <= 10 * 1024 * 1024 ? "met" : "NOT met"})`,
  ].join("\n");
  return { bytesPerClient, msPerClient, bytesPer1000: (sdkFigure.bytes / n) * 1000, report };
}
