import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.path.endsWith("/client/1/99")) return; // hang
    if (req.path.endsWith("/client/1/503"))
      return sendJson(res, 503, { success: false, data: null, meta: {} });
    sendJson(res, 200, envelope({ id: 1 }));
  });
});
afterAll(() => server.close());

it("a script exits promptly after its last call: no timer or listener is left behind", async () => {
  const probe = fileURLToPath(new URL("./support/exit-probe.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", probe, server.url], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let doneAt: number | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (doneAt === undefined && stdout.includes("done")) doneAt = performance.now();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // Bounded: the SDK's own timers in the probe are 10-25 s, so a leak shows up well before this.
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(killer);
  const exitedAt = performance.now();
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(doneAt).toBeDefined();
  // Exits at once after "done", far sooner than any of the probe's 10-25 s SDK timers.
  expect(exitedAt - doneAt!).toBeLessThan(4_000);
  expect(server.requests.length).toBeGreaterThanOrEqual(9);
});
