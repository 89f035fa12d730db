/**
 * Memory with 10,000 calls waiting in the rate limiter's queue (the default maxQueue), measured
 * with the garbage collector run before each reading (`node --expose-gc`). Nothing reaches a
 * network: the client's `fetch` never answers (it honours the abort), so only the queue holds.
 * The client is the packed SDK's (bench/support/packed.ts).
 */
import type { Sdk } from "./support/packed.js";
import { fmt, heapAfterGc } from "./support/stats.js";

export interface MemoryResult {
  bytesPerQueuedCall: number;
  refused: boolean;
  /** Heap after aborting every call, minus heap before queuing them. */
  retainedBytes: number;
  aborted: number;
  report: string;
}

export async function benchMemory(sdk: Sdk, queued = 10_000): Promise<MemoryResult> {
  const { createAltegioClient, QueueFullError } = sdk;
  // Like a real fetch, hold each request in flight strongly: undici makes a Request's signal follow
  // its parent through a WeakRef, so an unreferenced fake request would be collected unaborted.
  const inFlight = new Set<Request>();
  const hang = (request: Request) =>
    new Promise<Response>((_resolve, reject) => {
      inFlight.add(request);
      request.signal.addEventListener(
        "abort",
        () => {
          inFlight.delete(request);
          reject(request.signal.reason);
        },
        { once: true },
      );
    });
  const client = createAltegioClient({
    partnerToken: "bench-partner-token",
    userToken: "bench-user-token",
    baseUrl: "http://127.0.0.1:9/api/v1",
    fetch: hang,
    rateLimit: { maxQueue: queued },
  });
  // One controller per call (a single shared one works too, see docs/reliability.md).
  const controllers: AbortController[] = [];
  const call = () => {
    const controller = new AbortController();
    controllers.push(controller);
    return client.clients
      .get({ location_id: 1, id: 2 } as never, { signal: controller.signal })
      .catch((e: unknown) => e);
  };

  const before = await heapAfterGc();
  // 5 go through at once (and hang); the rest wait in the queue.
  const pending = Array.from({ length: queued + 5 }, call);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const loaded = await heapAfterGc();
  const refused = await call();
  for (const controller of controllers) controller.abort();
  const aborted = (await Promise.all(pending)).filter(
    (e) => (e as { code?: string }).code === "aborted",
  ).length;
  // Drop every reference the bench itself holds, so what remains is what the SDK would keep.
  pending.length = 0;
  controllers.length = 0;
  const after = await heapAfterGc();
  const bytesPerQueuedCall = (loaded - before) / queued;
  const report = [
    `Memory: ${queued} calls queued in the limiter (+5 in flight)${"gc" in globalThis ? "" : " (run with --expose-gc for exact figures)"}:`,
    `  heap ${fmt.mb(before)} → ${fmt.mb(loaded)} (+${fmt.mb(loaded - before)}, ${(bytesPerQueuedCall / 1024).toFixed(2)} KB per queued call)`,
    `  call ${queued + 6}: ${refused instanceof QueueFullError ? "refused at once with QueueFullError" : `NOT refused (${String(refused)})`}`,
    `  after aborting: ${aborted}/${queued + 5} rejected with AbortedError; heap back to ${fmt.mb(after)} (${after >= before ? "+" : "−"}${fmt.mb(Math.abs(after - before))} vs before)`,
  ].join("\n");
  return {
    bytesPerQueuedCall,
    refused: refused instanceof QueueFullError,
    retainedBytes: after - before,
    aborted,
    report,
  };
}
