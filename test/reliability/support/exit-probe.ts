/**
 * Run as a child process by exit.test.ts: makes calls that exercise every timer of the SDK
 * (limiter wait, attempt timeout, retry backoff aborted by the caller, total timeout) with long
 * defaults, prints "done", and must then exit at once: no timer or listener keeps it alive.
 */
import { AbortedError, createAltegioClient, TimeoutError } from "../../../src/index.js";

const url = process.argv[2];
if (!url) throw new Error("usage: exit-probe <server url>");

const client = createAltegioClient({
  partnerToken: "probe-partner-token",
  userToken: "probe-user-token",
  baseUrl: `${url}/api/v1`,
  timeout: 20_000,
  totalTimeout: 25_000,
  retry: { maxRetries: 3, baseDelayMs: 10_000 },
});
const get = (id: number, options = {}) =>
  client.request("get_client", { path: { location_id: 1, id } }, options);

await get(1);
// Six at once: the sixth waits in the limiter for the 1-second window.
await Promise.all([1, 2, 3, 4, 5, 6].map((id) => get(id)));

try {
  await get(99, { timeout: 200, maxRetries: 0 }); // the server hangs on id 99
  throw new Error("expected a timeout");
} catch (error) {
  if (!(error instanceof TimeoutError)) throw error;
}

const controller = new AbortController();
setTimeout(() => controller.abort(), 300);
try {
  await get(503, { signal: controller.signal }); // 503, then a 10-s backoff we abort
  throw new Error("expected an abort");
} catch (error) {
  if (!(error instanceof AbortedError)) throw error;
}

console.log("done");
