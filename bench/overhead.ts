/**
 * Per-request client cost of the packed SDK vs raw openapi-fetch (the copy the SDK installs with),
 * side by side in one run, for a GET (`get_client`), a POST with a JSON body (`create_client`,
 * not retried: no replay can happen) and a PUT with a JSON body (`update_client`, retried by
 * default, so the body is kept for a replay).
 *
 * The facade client runs with the client's defaults — retry on, a rate limiter — except that its
 * limiter is one of its own with limits no run reaches (`perSecond`/`perMinute` 1e9): the default
 * 5/s would make the bench wait, and a wait is not client CPU. The limiter's bookkeeping runs on
 * every call (the same code as the default shared limiter).
 *
 * The server runs in another process, so this process's CPU time is the client's own cost (wall
 * time is printed too). Variants run in small interleaved batches, shuffled each round; each
 * round gives a ratio to the raw openapi-fetch batch of the same method in the same round, and the
 * figure is the median of those paired ratios, which shrugs off drift in machine load better than
 * a ratio of medians.
 */
import type { paths } from "../generated/schema.js";
import { startChild } from "./support/child.js";
import type { OpenapiFetch, Sdk } from "./support/packed.js";
import { fmt, median, percentile, shuffled, table } from "./support/stats.js";

export interface OverheadOptions {
  rounds: number;
  callsPerRound: number;
  sdk: Sdk;
  openapiFetch: OpenapiFetch;
}

export interface OverheadResult {
  /** Client CPU per call, ms (median over rounds). */
  cpuPerCallMs: Record<string, number>;
  /** Median over rounds of (variant CPU ÷ raw openapi-fetch CPU of the same method). */
  cpuRatio: Record<string, number>;
  /** The facade's figures by method: GET, POST, PUT. */
  facade: Record<
    "GET" | "POST" | "PUT",
    { ratio: number; p25: number; p75: number; extraUs: number }
  >;
  report: string;
}

const PARTNER = "bench-partner-token";
const USER = "bench-user-token";
const path = { location_id: 41001, id: 2 };
const body = { name: "Jane", phone: "+13155550175", email: "jane@example.com" };

interface Variant {
  run: () => Promise<unknown>;
  /** The baseline variant this one is compared with. */
  baseline: string;
}

export const BASELINES = {
  GET: "GET  raw openapi-fetch",
  POST: "POST raw openapi-fetch",
  PUT: "PUT  raw openapi-fetch",
} as const;
export const FACADE = {
  GET: "GET  facade clients.get",
  POST: "POST facade clients.create",
  PUT: "PUT  facade clients.update",
} as const;

export async function benchOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const { sdk, openapiFetch } = options;
  const server = await startChild("./echo-server.ts");
  try {
    const baseUrl = `${server.url}/api/v1`;
    const headers = {
      Accept: "application/vnd.api.v2+json",
      Authorization: `Bearer ${PARTNER}, User ${USER}`,
    };
    const registry = sdk.operationRegistry;
    const GET_CLIENT = registry.get_client.path;
    const CREATE_CLIENT = registry.create_client.path;
    const UPDATE_CLIENT = registry.update_client.path;
    const openapi = openapiFetch.default<paths>({ baseUrl, headers });
    // The client's defaults (retry on, a rate limiter), with a limiter no run reaches.
    const facade = sdk.createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      baseUrl,
      rateLimit: { perSecond: 1e9, perMinute: 1e9 },
    });
    const noLimiter = sdk.createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      baseUrl,
      rateLimit: false,
    });
    const location = { location_id: path.location_id };
    const variants: Record<string, Variant> = {
      "GET  raw fetch": {
        baseline: BASELINES.GET,
        run: async () => {
          const url = `${baseUrl}/client/${path.location_id}/${path.id}`;
          return (await (await fetch(url, { headers })).json()) as unknown;
        },
      },
      [BASELINES.GET]: {
        baseline: BASELINES.GET,
        run: async () => (await openapi.GET(GET_CLIENT, { params: { path } })).data,
      },
      [FACADE.GET]: { baseline: BASELINES.GET, run: () => facade.clients.get(path as never) },
      "GET  client.request": {
        baseline: BASELINES.GET,
        run: () => facade.request("get_client", { path }),
      },
      "GET  client.request, rateLimit: false": {
        baseline: BASELINES.GET,
        run: () => noLimiter.request("get_client", { path }),
      },
      "GET  client.raw": {
        baseline: BASELINES.GET,
        run: async () => (await facade.raw.GET(GET_CLIENT, { params: { path } })).data,
      },
      [BASELINES.POST]: {
        baseline: BASELINES.POST,
        run: async () =>
          (await openapi.POST(CREATE_CLIENT, { params: { path: location }, body } as never)).data,
      },
      [FACADE.POST]: {
        baseline: BASELINES.POST,
        run: () => facade.clients.create({ ...location, body } as never),
      },
      [BASELINES.PUT]: {
        baseline: BASELINES.PUT,
        run: async () =>
          (await openapi.PUT(UPDATE_CLIENT, { params: { path }, body } as never)).data,
      },
      [FACADE.PUT]: {
        baseline: BASELINES.PUT,
        run: () => facade.clients.update({ ...path, body } as never),
      },
    };
    const names = Object.keys(variants);

    // Warm-up: JIT, keep-alive connections.
    for (const name of names) for (let i = 0; i < 300; i++) await variants[name]!.run();

    const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const ratios: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < options.rounds; round++) {
      const roundCpu: Record<string, number> = {};
      for (const name of shuffled(names)) {
        const run = variants[name]!.run;
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < options.callsPerRound; i++) await run();
        wall[name]!.push((performance.now() - started) / options.callsPerRound);
        const used = process.cpuUsage(cpuStart);
        roundCpu[name] = (used.user + used.system) / 1000 / options.callsPerRound;
        cpu[name]!.push(roundCpu[name]!);
      }
      for (const name of names) {
        ratios[name]!.push(roundCpu[name]! / roundCpu[variants[name]!.baseline]!);
      }
    }

    const cpuPerCallMs = Object.fromEntries(names.map((n) => [n, median(cpu[n]!)]));
    const wallPerCallMs = Object.fromEntries(names.map((n) => [n, median(wall[n]!)]));
    const cpuRatio = Object.fromEntries(names.map((n) => [n, median(ratios[n]!)]));
    const rows = [
      ["variant", "client CPU/call", "CPU vs openapi-fetch, same method (p25–p75)", "wall/call"],
    ];
    for (const name of names) {
      const spread = `${fmt.ratio(percentile(ratios[name]!, 25))}–${fmt.ratio(percentile(ratios[name]!, 75))}`;
      rows.push([
        name,
        fmt.us(cpuPerCallMs[name]!),
        `${fmt.ratio(cpuRatio[name]!)} (${spread})`,
        fmt.us(wallPerCallMs[name]!),
      ]);
    }
    const facadeFigures = Object.fromEntries(
      (["GET", "POST", "PUT"] as const).map((method) => {
        const name = FACADE[method];
        return [
          method,
          {
            ratio: cpuRatio[name]!,
            p25: percentile(ratios[name]!, 25),
            p75: percentile(ratios[name]!, 75),
            extraUs: (cpuPerCallMs[name]! - cpuPerCallMs[BASELINES[method]]!) * 1000,
          },
        ];
      }),
    ) as OverheadResult["facade"];
    const report = [
      `Per-request cost on the packed SDK, loopback server in another process, ${options.rounds} rounds × ${options.callsPerRound} sequential calls per variant, medians; facade client: defaults (retry on) with a rate limiter of limits no run reaches (1e9/s, 1e9/min):`,
      table(rows),
      ...(["GET", "POST", "PUT"] as const).map((method) => {
        const f = facadeFigures[method];
        return `${method} facade vs raw openapi-fetch: ${fmt.ratio(f.ratio)} client CPU (${f.extraUs < 0 ? "−" : "+"}${Math.abs(f.extraUs).toFixed(0)} µs per call); target ≤ 1.050× → ${f.ratio <= 1.05 ? "met" : "NOT met"}`;
      }),
    ].join("\n");
    return { cpuPerCallMs, cpuRatio, facade: facadeFigures, report };
  } finally {
    server.stop();
  }
}
