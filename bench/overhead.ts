/**
 * Per-request cost of one `get_client` call, side by side in one run: raw `fetch`, raw
 * openapi-fetch, the SDK facade (`client.clients.get`), `client.request` (with and without the
 * rate limiter's bookkeeping) and `client.raw`.
 *
 * The server runs in another process, so this process's CPU time is the client's own cost (wall
 * time is printed too). Variants run in small interleaved batches, shuffled each round; each
 * round gives a ratio to the raw openapi-fetch batch of the same round, and the figure is the
 * median of those paired ratios, which shrugs off drift in machine load better than a ratio of
 * medians.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createAltegioClient, operationRegistry } from "../src/index.js";
import { startChild } from "./support/child.js";
import { fmt, median, percentile, shuffled, table } from "./support/stats.js";

export interface OverheadOptions {
  rounds: number;
  callsPerRound: number;
}

export interface OverheadResult {
  /** Client CPU per call, ms (median over rounds). */
  cpuPerCallMs: Record<string, number>;
  /** Wall time per call, ms (median over rounds). */
  wallPerCallMs: Record<string, number>;
  /** Median over rounds of (variant CPU ÷ raw openapi-fetch CPU). */
  cpuRatio: Record<string, number>;
  /** The facade's figure: `cpuRatio["SDK facade clients.get"]`. */
  facadeVsOpenapiFetch: number;
  report: string;
}

const PARTNER = "bench-partner-token";
const USER = "bench-user-token";
const path = { location_id: 41001, id: 2 };
/** get_client's path template, from the registry so the bench follows the pinned revision. */
const GET_CLIENT = operationRegistry.get_client.path;
const BASELINE = "raw openapi-fetch";
const FACADE = "SDK facade clients.get";

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
        const url = `${baseUrl}/client/${path.location_id}/${path.id}`;
        return (await (await fetch(url, { headers })).json()) as unknown;
      },
      [BASELINE]: async () => (await openapi.GET(GET_CLIENT, { params: { path } })).data,
      [FACADE]: () => sdk.clients.get(path as never),
      "SDK client.request": () => sdk.request("get_client", { path }),
      "SDK client.request, limiter on": () => sdkLimited.request("get_client", { path }),
      "SDK client.raw": async () => (await sdk.raw.GET(GET_CLIENT, { params: { path } })).data,
    };
    const names = Object.keys(variants);

    // Warm-up: JIT, keep-alive connections.
    for (const name of names) for (let i = 0; i < 300; i++) await variants[name]!();

    const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const ratios: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < options.rounds; round++) {
      const roundCpu: Record<string, number> = {};
      for (const name of shuffled(names)) {
        const run = variants[name]!;
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < options.callsPerRound; i++) await run();
        wall[name]!.push((performance.now() - started) / options.callsPerRound);
        const used = process.cpuUsage(cpuStart);
        roundCpu[name] = (used.user + used.system) / 1000 / options.callsPerRound;
        cpu[name]!.push(roundCpu[name]!);
      }
      for (const name of names) ratios[name]!.push(roundCpu[name]! / roundCpu[BASELINE]!);
    }

    const cpuPerCallMs = Object.fromEntries(names.map((n) => [n, median(cpu[n]!)]));
    const wallPerCallMs = Object.fromEntries(names.map((n) => [n, median(wall[n]!)]));
    const cpuRatio = Object.fromEntries(names.map((n) => [n, median(ratios[n]!)]));
    const rows = [["variant", "client CPU/call", "CPU vs openapi-fetch (p25–p75)", "wall/call"]];
    for (const name of names) {
      const spread = `${fmt.ratio(percentile(ratios[name]!, 25))}–${fmt.ratio(percentile(ratios[name]!, 75))}`;
      rows.push([
        name,
        fmt.us(cpuPerCallMs[name]!),
        `${fmt.ratio(cpuRatio[name]!)} (${spread})`,
        fmt.us(wallPerCallMs[name]!),
      ]);
    }
    const facadeVsOpenapiFetch = cpuRatio[FACADE]!;
    const extraUs = (cpuPerCallMs[FACADE]! - cpuPerCallMs[BASELINE]!) * 1000;
    const report = [
      `Per-request cost, GET get_client on loopback (server in another process), ${options.rounds} rounds × ${options.callsPerRound} sequential calls per variant, medians:`,
      table(rows),
      `facade vs raw openapi-fetch: ${fmt.ratio(facadeVsOpenapiFetch)} client CPU (${extraUs < 0 ? "−" : "+"}${Math.abs(extraUs).toFixed(0)} µs per call, medians); target ≤ 1.100× → ${facadeVsOpenapiFetch <= 1.1 ? "met" : "NOT met"}`,
    ].join("\n");
    return { cpuPerCallMs, wallPerCallMs, cpuRatio, facadeVsOpenapiFetch, report };
  } finally {
    server.stop();
  }
}
