/**
 * `prism proxy --errors` in front of the sandbox, on the corrected description: the quickstart and
 * the every-method run pass through it with 0 request and 0 response violations. Prism validates
 * each request before forwarding it and each sandbox answer before returning it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { quickstart } from "../../examples/quickstart.js";
import { operations } from "../../generated/registry.js";
import { LOCATION, startTestSandbox } from "../integration/support.js";
import {
  VENDOR_ACCEPT,
  callEveryMethod,
  facadeOperations,
  recordingClient,
  requestProblems,
  responseProblems,
  type Outcome,
  type Seen,
} from "./every-method.js";
import { startPrism, type Prism } from "./prism.js";

let sandbox: Sandbox;
let prism: Prism;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  prism = await startPrism({ mode: "proxy", upstream: sandbox.baseUrl });
}, 90_000);

afterAll(async () => {
  await prism?.close();
  await sandbox?.close();
});

function expectedAccept(operationId: string): string {
  const meta = operations[operationId as keyof typeof operations] as { response?: string };
  return meta.response === "binary" ? `${VENDOR_ACCEPT}, application/pdf` : VENDOR_ACCEPT;
}

describe("prism proxy --errors in front of the sandbox", () => {
  it("the quickstart passes through with 0 request and 0 response violations", async () => {
    sandbox.reset();
    const from = prism.lines.length;
    const user = sandbox.users[0]!;
    const result = await quickstart(
      {
        ALTEGIO_BASE_URL: prism.url,
        ALTEGIO_PARTNER_TOKEN: sandbox.partnerToken,
        ALTEGIO_LOGIN: user.login,
        ALTEGIO_PASSWORD: user.password,
        ALTEGIO_SANDBOX_URL: sandbox.controlUrl,
        ALTEGIO_NEW_PASSWORD: "rotated-through-prism-1",
      },
      () => undefined,
    );
    expect(result.passwordChange).toBe("changed");
    expect(result.tokenChanges).toEqual(["login", "relogin"]);
    expect(prism.violations(from)).toEqual([]);
    // Prism saw the quickstart's calls (it logs each request it forwards).
    expect(prism.lines.slice(from).filter((l) => l.includes("Request received")).length).toBe(
      sandbox.requests.length,
    );
  });

  it("every facade method passes through with 0 request and 0 response violations", async () => {
    sandbox.reset();
    const from = prism.lines.length;
    const user = sandbox.users[0]!;
    const box: { current: Seen[] } = { current: [] };
    const altegio = recordingClient(
      {
        baseUrl: prism.url,
        partnerToken: sandbox.partnerToken,
        credentials: { login: user.login, password: user.password },
      },
      () => box.current,
      false,
    );
    // The sandbox's seeded location, so calls reach its data rather than a 404 everywhere.
    const outcomes: Map<string, Outcome> = await callEveryMethod(altegio, box, (call) => {
      if ("location_id" in call.params) call.params.location_id = LOCATION;
      return call;
    });
    expect(outcomes.size).toBe(facadeOperations.length);
    const report: Record<string, string[]> = {};
    for (const [id, outcome] of outcomes) {
      const problems = [...requestProblems(outcome, expectedAccept), ...responseProblems(outcome)];
      if (problems.length > 0) report[id] = problems;
    }
    expect(report).toEqual({});
    expect(prism.violations(from)).toEqual([]);
  }, 120_000);
});
