/**
 * `npm run demo`: starts a sandbox on a free port, runs examples/quickstart.ts against it (as a
 * user of the sandbox would configure it: the environment variables the quickstart reads), prints
 * what the sandbox saw, and stops it. Exit code 0 on success, 1 with the failing step's message.
 */
import { quickstart, type QuickstartEnv } from "../examples/quickstart.js";
import { startSandbox, type Sandbox } from "altegio-sdk-sandbox";

async function main(): Promise<void> {
  let sandbox: Sandbox | undefined;
  try {
    // The API's own rate limit stays on: the SDK's limiter keeps the quickstart under it.
    sandbox = await startSandbox({ port: 0, seed: 1 });
    const user = sandbox.users[0];
    if (!user) throw new Error("The sandbox has no users.");
    console.log(`demo: sandbox started in ${sandbox.startupMs} ms at ${sandbox.baseUrl}`);
    console.log(
      `demo: ALTEGIO_BASE_URL=${sandbox.baseUrl} ALTEGIO_LOGIN=${user.login} ` +
        `ALTEGIO_SANDBOX_URL=${sandbox.controlUrl} (partner token and password not shown)`,
    );
    const env: QuickstartEnv = {
      ALTEGIO_BASE_URL: sandbox.baseUrl,
      ALTEGIO_PARTNER_TOKEN: sandbox.partnerToken,
      ALTEGIO_LOGIN: user.login,
      ALTEGIO_PASSWORD: user.password,
      ALTEGIO_SANDBOX_URL: sandbox.controlUrl,
    };
    const started = Date.now();
    const result = await quickstart(env, (line) => console.log(`  ${line}`));
    const stats = sandbox.stats();
    console.log(
      `demo: quickstart done in ${Date.now() - started} ms: ${stats.total} API requests, ` +
        `${stats.byOperation["authorize_user"] ?? 0} logins, ${stats.byStatus["401"] ?? 0} x 401, ` +
        `${stats.rateLimited} x 429; token changes: ${result.tokenChanges.join(" → ")}`,
    );
  } finally {
    await sandbox?.close();
  }
  console.log("demo: sandbox stopped; OK");
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`demo failed: ${typeof code === "string" ? `${code}: ` : ""}${message}`);
  process.exitCode = 1;
});
