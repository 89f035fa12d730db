/**
 * Quickstart: the SDK end to end, step by step. Logs in, lists locations, creates a client and
 * finds it by phone, books an appointment and lists the day's appointments; then (sandbox only)
 * changes the user's password and shows the next call succeed after the SDK's automatic re-login;
 * finally removes the appointment and the client it created.
 *
 *   npm run demo                                     # all of it against a fresh local sandbox
 *   ALTEGIO_BASE_URL=http://127.0.0.1:4010/api/v1 ALTEGIO_PARTNER_TOKEN=sandbox-partner-token \
 *     ALTEGIO_LOGIN=owner@sandbox.test ALTEGIO_PASSWORD=sandbox-owner-pass \
 *     npx tsx examples/quickstart.ts                 # against `npm run sandbox -- --port 4010`
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_LOGIN=... ALTEGIO_PASSWORD=... ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/quickstart.ts                 # the real API (a test account: it writes)
 *
 * The password change needs the sandbox's control API: it runs when ALTEGIO_SANDBOX_URL is set
 * (`http://127.0.0.1:4010/__sandbox`) or when a loopback base URL answers `GET /__sandbox`; it is
 * skipped, and says so, against any other server. Tokens and passwords are never printed.
 */
import { randomInt, randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ConfigurationError,
  ConflictError,
  createAltegioClient,
  type Credentials,
  type TokenChangeReason,
} from "../src/index.js";
import { run } from "./env.js";

/** The variables the quickstart reads (the examples' names, see examples/env.ts). */
export interface QuickstartEnv {
  ALTEGIO_BASE_URL?: string | undefined;
  ALTEGIO_PARTNER_TOKEN?: string | undefined;
  ALTEGIO_LOGIN?: string | undefined;
  ALTEGIO_PASSWORD?: string | undefined;
  /** The location to work on; default the first one listed (set it for the real API). */
  ALTEGIO_LOCATION_ID?: string | undefined;
  /** The sandbox's control API, `http://HOST:PORT/__sandbox` (or just `http://HOST:PORT`). */
  ALTEGIO_SANDBOX_URL?: string | undefined;
  /** The password to change to in the sandbox; default a random one. */
  ALTEGIO_NEW_PASSWORD?: string | undefined;
}

export interface QuickstartResult {
  locationId: number;
  /** Locations the API reports (`meta.total_count`, else the first page's length). */
  locationCount: number;
  clientId: number;
  /** The appointment booked (deleted again at the end). */
  appointmentId: number;
  /** Appointments listed for the booked day, ours included. */
  appointmentsThatDay: number;
  /** "changed" in a sandbox; "skipped" against any other server. */
  passwordChange: "changed" | "skipped";
  /** Every user-token change the client reported, in order: login, then relogin. */
  tokenChanges: TokenChangeReason[];
  /** What each step did, as printed. */
  steps: string[];
}

export type Log = (line: string) => void;

export async function quickstart(
  env: QuickstartEnv = process.env,
  log: Log = console.log,
): Promise<QuickstartResult> {
  const steps: string[] = [];
  const step = (line: string): void => {
    steps.push(line);
    log(line);
  };
  const partnerToken = required(env, "ALTEGIO_PARTNER_TOKEN");
  let credentials: Credentials = {
    login: required(env, "ALTEGIO_LOGIN"),
    password: required(env, "ALTEGIO_PASSWORD"),
  };

  const tokenChanges: TokenChangeReason[] = [];
  let previousToken: string | undefined;
  const altegio = createAltegioClient({
    partnerToken,
    ...(env.ALTEGIO_BASE_URL ? { baseUrl: env.ALTEGIO_BASE_URL } : {}),
    // A provider, not a fixed pair: the SDK calls it at every (re-)login, so a password changed
    // while the process runs is picked up (in production: read it from your secret store).
    credentials: async () => credentials,
    onTokenChange: ({ token, reason }) => {
      tokenChanges.push(reason);
      const rotated = previousToken !== undefined && token !== previousToken;
      previousToken = token;
      // The token itself is a secret: only whether it changed is printed.
      log(`    (user token: ${reason}${rotated ? ", a new token replaces the old one" : ""})`);
    },
  });
  step(`Altegio at ${altegio.baseUrl}`);

  const profile = await altegio.login();
  step(`1. logged in as ${profile.name ?? "(no name)"} (user ${profile.id ?? "?"})`);

  const locations = await altegio.locations.list.withResponse({ page: 1, count: 25 });
  const locationCount = numberOr(locations.meta["total_count"], locations.data.length);
  const location_id = env.ALTEGIO_LOCATION_ID
    ? Number(env.ALTEGIO_LOCATION_ID)
    : locations.data[0]?.id;
  if (location_id === undefined || !Number.isSafeInteger(location_id) || location_id < 1) {
    throw new ConfigurationError("No location to work on: set ALTEGIO_LOCATION_ID.");
  }
  const here = locations.data.find((l) => l.id === location_id);
  step(
    `2. ${locationCount} location(s); working on ${location_id}${here?.title ? ` (${here.title})` : ""}`,
  );

  const services = await altegio.services.list({ location_id });
  const team = await altegio.teamMembers.list({ location_id });
  const service = services.find((s) => s.id !== undefined);
  const member = team.find((m) => m.id !== undefined);
  if (service?.id === undefined || member?.id === undefined) {
    throw new Error(`Location ${location_id} needs at least one service and one team member.`);
  }
  step(
    `3. ${services.length} service(s), ${team.length} team member(s); booking "${service.title ?? service.id}" with ${member.name ?? member.id}`,
  );

  // A number unlikely to exist yet (555-2xxx; the sandbox seeds 555-01xx).
  const phone = `+1315555${2000 + randomInt(8000)}`;
  const created = await altegio.clients.create({
    location_id,
    body: { name: "Quickstart Client", phone, comment: "Created by examples/quickstart.ts" },
  });
  if (created.id === undefined) throw new Error("The API created the client without an id.");
  const clientId = created.id;
  step(`4. created client ${clientId} (${phone})`);

  const found = await altegio.clients.findByPhone({ location_id, phone });
  if (found?.id !== clientId) {
    throw new Error(`clients.findByPhone(${phone}) found ${found?.id ?? "nobody"}.`);
  }
  step(`5. clients.findByPhone("${phone}") found client ${found.id}: ${found.name ?? ""}`);

  // Two weeks ahead, from 10:00 UTC, the first hour the team member is free.
  const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  let appointmentId: number | undefined;
  let start = "";
  for (let hour = 10; hour < 18 && appointmentId === undefined; hour++) {
    start = `${day}T${String(hour).padStart(2, "0")}:00:00Z`;
    try {
      const booked = await altegio.appointments.book({
        location_id,
        team_member_id: member.id,
        services: [service.id],
        client: { phone, name: "Quickstart Client" },
        start,
        duration_minutes: 60,
        comment: "Booked by examples/quickstart.ts",
      });
      appointmentId = booked.id;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      log(`    ${start} is taken, trying the next hour`);
    }
  }
  if (appointmentId === undefined) throw new Error(`No free hour on ${day} for the booking.`);
  step(`6. booked appointment ${appointmentId} at ${start} (60 min)`);

  const thatDay = await altegio.appointments.listInRange({ location_id, from: day, to: day });
  if (!thatDay.some((a) => a.id === appointmentId)) {
    throw new Error(`appointments.listInRange(${day}) does not hold appointment ${appointmentId}.`);
  }
  step(`7. appointments.listInRange(${day}): ${thatDay.length} appointment(s), ours among them`);

  const control = await sandboxControlUrl(env, altegio.baseUrl);
  let passwordChange: QuickstartResult["passwordChange"] = "skipped";
  if (control === undefined) {
    step("8. password change skipped: not a sandbox (set ALTEGIO_SANDBOX_URL to run it)");
  } else {
    const newPassword = env.ALTEGIO_NEW_PASSWORD || `quickstart-${randomUUID().slice(0, 8)}`;
    await changeSandboxPassword(control, credentials.login, newPassword);
    // What the secret store would now hold; the SDK reads it at its next login.
    credentials = { ...credentials, password: newPassword };
    passwordChange = "changed";
    step("8. changed the user's password through the sandbox: the old user token is now invalid");

    const before = tokenChanges.length;
    const again = await altegio.clients.get({ location_id, id: clientId });
    if (!tokenChanges.slice(before).includes("relogin")) {
      throw new Error("Expected the SDK to log in again after the password change.");
    }
    const seen = await recentRequests(control, 3);
    step(
      `9. clients.get(${again.id}) succeeded after the automatic re-login (sandbox saw: ${seen})`,
    );
  }

  await altegio.appointments.delete({ location_id, record_id: appointmentId });
  await altegio.clients.delete({ location_id, id: clientId });
  step(`10. cleaned up: deleted appointment ${appointmentId} and client ${clientId}`);

  return {
    locationId: location_id,
    locationCount,
    clientId,
    appointmentId,
    appointmentsThatDay: thatDay.length,
    passwordChange,
    tokenChanges,
    steps,
  };
}

function required(
  env: QuickstartEnv,
  name: "ALTEGIO_PARTNER_TOKEN" | "ALTEGIO_LOGIN" | "ALTEGIO_PASSWORD",
): string {
  const value = env[name];
  if (!value) throw new ConfigurationError(`Set ${name} (see examples/env.ts).`);
  return value;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/**
 * The sandbox's control URL: ALTEGIO_SANDBOX_URL, or `/__sandbox` of a loopback base URL that
 * answers like a sandbox. Never probes a remote server (the real API has no such endpoint).
 */
export async function sandboxControlUrl(
  env: QuickstartEnv,
  baseUrl: string,
): Promise<string | undefined> {
  if (env.ALTEGIO_SANDBOX_URL) {
    const url = env.ALTEGIO_SANDBOX_URL.replace(/\/+$/, "");
    return url.endsWith("/__sandbox") ? url : `${url}/__sandbox`;
  }
  const { hostname, origin } = new URL(baseUrl);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostname)) return undefined;
  try {
    const response = await fetch(`${origin}/__sandbox`, { signal: AbortSignal.timeout(2_000) });
    const info = (await response.json()) as { data?: { controlUrl?: unknown } };
    return response.ok && typeof info.data?.controlUrl === "string"
      ? info.data.controlUrl
      : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /__sandbox/password`: over HTTP, so it works on a sandbox in another process. */
async function changeSandboxPassword(control: string, login: string, password: string) {
  const response = await fetch(`${control}/password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  if (!response.ok) {
    throw new Error(`The sandbox refused the password change (${response.status}).`);
  }
  await response.body?.cancel();
}

/** The sandbox's last requests as `operationId status` (its log holds no headers or bodies). */
async function recentRequests(control: string, count: number): Promise<string> {
  const response = await fetch(`${control}/requests`);
  const log = (await response.json()) as {
    data: { operationId?: string; method: string; status: number }[];
  };
  return log.data
    .slice(-count)
    .map((r) => `${r.operationId ?? r.method} ${r.status}`)
    .join(", ");
}

// Run with `npx tsx examples/quickstart.ts`; importing the module (tests, scripts/demo.ts) does not.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  run(async () => {
    await quickstart(process.env);
  });
}
