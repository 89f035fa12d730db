/**
 * Per-request cost of one `get_client` call, side by side in one run:
 * raw `fetch`, raw openapi-fetch, the SDK facade (`client.clients.get`), `client.request` and
 * `client.raw`.
 * The server runs in another process. Variants are interleaved in shuffled order over many rounds;
 * the figure per variant is the median over rounds of the mean time per call.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createAltegioClient } from "../src/index.js";
import { startChild } from "./support/child.js";
import { fmt, median, shuffled, table } from "./support/stats.js";

export interface OverheadOptions {
  rounds: number;
  callsPerRound: number;
}

export interface OverheadResult {
  /** Wall time per call, ms. */
  perCallMs: Record<string, number>;
  /** This process's CPU time per call, ms. */
  cpuPerCallMs: Record<string, number>;
  /** Client CPU per call, facade ÷ raw openapi-fetch. */
  facadeVsOpenapiFetch: number;
  facadeVsFetch: number;
  report: string;
}

const PARTNER = "bench-partner-token";
const USER = "bench-user-token";
const path = { location_id: 41001, id: 2 };

export async function benchOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const server = await startChild("./echo-server.ts");
  try {
    const baseUrl = `${server.url}/api/v1`;
    const headers = {
      Accept: "application/vnd.api.v2+json",
      Authorization: `Bearer ${PARTNER}, User ${USER}`,
    };
    const openapi = createClient<paths>({ baseUrl, headers });
    const sdk = createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      baseUrl,
      rateLimit: false,
    });
    const sdkLimited = createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      baseUrl,
      // The limiter's bookkeeping on every call, with limits no run reaches.
      rateLimit: { perSecond: 1e9, perMinute: 1e9 },
    });

    const variants: Record<string, () => Promise<unknown>> = {
      "raw fetch": async () => {
        const response = await fetch(`${baseUrl}/client/${path.location_id}/${path.id}`, {
          headers,
        });
        return (await response.json()) as unknown;
      },
      "raw openapi-fetch": async () =>
        (await openapi.GET("/client/{location_id}/{id}", { params: { path } })).data,
      "SDK facade clients.get": () => sdk.clients.get(path as never),
      "SDK client.request": () => sdk.request("get_client", { path }),
      "SDK client.request (limiter on)": () => sdkLimited.request("get_client", { path }),
      "SDK client.raw": async () =>
        (await sdk.raw.GET("/client/{location_id}/{id}", { params: { path } })).data,
    };
    const names = Object.keys(variants);

    // Warm-up: JIT, keep-alive connections.
    for (const name of names) for (let i = 0; i < 300; i++) await variants[name]!();

    // Interleaved small batches: each variant meets the same load and GC conditions. Each batch
    // records wall time and this process's CPU time (user + system): the server runs in another
    // process, so CPU time is the client's own cost and is less disturbed by other load.
    const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const name of shuffled(names)) {
        const run = variants[name]!;
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < options.callsPerRound; i++) await run();
        wall[name]!.push((performance.now() - started) / options.callsPerRound);
        const used = process.cpuUsage(cpuStart);
        cpu[name]!.push((used.user + used.system) / 1000 / options.callsPerRound);
      }
    }
    const perCallMs = Object.fromEntries(names.map((n) => [n, median(wall[n]!)]));
    const cpuPerCallMs = Object.fromEntries(names.map((n) => [n, median(cpu[n]!)]));
    const base = perCallMs["raw openapi-fetch"]!;
    const fetchBase = perCallMs["raw fetch"]!;
    const cpuBase = cpuPerCallMs["raw openapi-fetch"]!;
    const cpuFetchBase = cpuPerCallMs["raw fetch"]!;
    const rows = [
      [
        "variant",
        "client CPU/call",
        "vs openapi-fetch",
        "vs fetch",
        "wall/call",
        "vs openapi-fetch",
        "vs fetch",
      ],
    ];
    for (const name of names) {
      rows.push([
        name,
        fmt.us(cpuPerCallMs[name]!),
        fmt.ratio(cpuPerCallMs[name]! / cpuBase),
        fmt.ratio(cpuPerCallMs[name]! / cpuFetchBase),
        fmt.us(perCallMs[name]!),
        fmt.ratio(perCallMs[name]! / base),
        fmt.ratio(perCallMs[name]! / fetchBase),
      ]);
    }
    const facadeVsOpenapiFetch = cpuPerCallMs["SDK facade clients.get"]! / cpuBase;
    const wallRatio = perCallMs["SDK facade clients.get"]! / base;
    const report = [
      `Per-request cost, GET get_client on loopback (server in another process), ${options.rounds} interleaved rounds × ${options.callsPerRound} sequential calls per variant, medians:`,
      table(rows),
      `facade vs raw openapi-fetch: ${fmt.ratio(facadeVsOpenapiFetch)} client CPU, ${fmt.ratio(wallRatio)} wall (target ≤ 1.100×) → ${facadeVsOpenapiFetch <= 1.1 ? "met" : "NOT met"}`,
    ].join("\n");
    return {
      perCallMs,
      cpuPerCallMs,
      facadeVsOpenapiFetch,
      facadeVsFetch: cpuPerCallMs["SDK facade clients.get"]! / cpuFetchBase,
      report,
    };
  } finally {
    server.stop();
  }
}
