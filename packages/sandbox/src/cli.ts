#!/usr/bin/env node
/**
 * `npx altegio-sandbox` / `npm run sandbox`: starts the sandbox and prints where it listens and
 * the test credentials. Ctrl+C stops it.
 *
 *   --port <n>          port (default 0: a free one)
 *   --host <addr>       loopback address (default 127.0.0.1)
 *   --description <f>   OpenAPI file (.json/.yaml); default generated/openapi.json
 *   --seed <n>          seed for the example data (default 1)
 *   --no-rate-limit     turn the 5/s, 200/min limit off
 *   --cors              CORS mode: pages of any origin may call it (browser development)
 *   --cors-origin <o>   CORS mode for this origin only (repeatable), e.g. http://localhost:5173
 */
import { parseArgs } from "node:util";
import { AltegioError } from "altegio-sdk";
import { startSandbox, type SandboxOptions } from "./sandbox.js";

const USAGE =
  "Usage: altegio-sandbox [--port N] [--host 127.0.0.1] [--description FILE] [--seed N] [--no-rate-limit] [--cors | --cors-origin ORIGIN...]";

function optionsFromArgs(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      description: { type: "string" },
      seed: { type: "string" },
      "no-rate-limit": { type: "boolean" },
      cors: { type: "boolean" },
      "cors-origin": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const options: SandboxOptions = {};
  if (values.port !== undefined) options.port = Number(values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values.description !== undefined) options.description = values.description;
  if (values.seed !== undefined) options.seed = Number(values.seed);
  if (values["no-rate-limit"]) options.rateLimit = false;
  if (values["cors-origin"]?.length) options.cors = values["cors-origin"];
  else if (values.cors) options.cors = true;
  return options;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const sandbox = await startSandbox(options);
  const { description } = sandbox;
  const lines = [
    `Altegio sandbox: ${description.title} ${description.version}, ${description.operations} operations (started in ${sandbox.startupMs} ms)`,
    ``,
    `  baseUrl        ${sandbox.baseUrl}`,
    `  partner token  ${sandbox.partnerToken}`,
    ...sandbox.users.map(
      (u) => `  user           login ${u.login}  password ${u.password}  (${u.name})`,
    ),
    `  headers        Accept: application/vnd.api.v2+json`,
    `                 Authorization: Bearer <partner token>[, User <user token from POST /auth>]`,
    `  rate limit     ${options.rateLimit === false ? "off" : "5 per second and 200 per minute per address"}`,
    `  CORS           ${!options.cors ? "off (--cors for a browser app)" : options.cors === true ? "any origin" : options.cors.join(", ")}`,
    ``,
    `  control        GET  ${sandbox.controlUrl}            (info)`,
    `                 GET  ${sandbox.controlUrl}/stats      GET ${sandbox.controlUrl}/requests`,
    `                 POST ${sandbox.controlUrl}/password   {"login","password"}`,
    `                 PUT|POST|DELETE ${sandbox.controlUrl}/faults`,
    `                 PUT  ${sandbox.controlUrl}/rate-limit {"enabled","perSecond","perMinute"}`,
    `                 POST ${sandbox.controlUrl}/reset`,
    ``,
    `Try: curl -s -X POST ${sandbox.baseUrl}/auth -H 'Accept: application/vnd.api.v2+json' \\`,
    `       -H 'Authorization: Bearer ${sandbox.partnerToken}' -H 'Content-Type: application/json' \\`,
    `       -d '{"login":"${sandbox.users[0]?.login ?? ""}","password":"${sandbox.users[0]?.password ?? ""}"}'`,
    ``,
    `Ctrl+C stops the sandbox.`,
  ];
  console.log(lines.join("\n"));
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof AltegioError || error instanceof Error ? error.message : String(error);
  console.error(`altegio-sandbox: ${message}`);
  process.exit(1);
});
