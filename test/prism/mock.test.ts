/**
 * Every facade method through `prism mock --errors` on the corrected description: 0 request
 * violations. Prism is the independent validator: it reads generated/openapi.json and nothing of
 * the SDK. One pass over the 261 methods in `beforeAll`; each `it` reads its part of the pass, so
 * each defect of issue 11 has its own test, and one test covers every method.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/registry.js";
import {
  VENDOR_ACCEPT,
  callEveryMethod,
  facadeOperations,
  recordingClient,
  requestProblems,
  type Outcome,
  type Seen,
} from "./every-method.js";
import { startPrism, type Prism } from "./prism.js";

let prism: Prism;
let outcomes: Map<string, Outcome>;

/** What the SDK must send as Accept: the vendor's type, plus the declared type of a binary answer. */
function expectedAccept(operationId: string): string {
  const meta = operations[operationId as keyof typeof operations] as { response?: string };
  return meta.response === "binary" ? `${VENDOR_ACCEPT}, application/pdf` : VENDOR_ACCEPT;
}

function problemsOf(operationId: string): string[] {
  const outcome = outcomes.get(operationId);
  if (!outcome) return [`${operationId} was not called`];
  return requestProblems(outcome, expectedAccept);
}

beforeAll(async () => {
  prism = await startPrism({ mode: "mock" });
  const box: { current: Seen[] } = { current: [] };
  const altegio = recordingClient(
    {
      baseUrl: prism.url,
      partnerToken: "prism-partner-token",
      userToken: "prism-user-token",
    },
    () => box.current,
  );
  // with_deleted as a caller writes it (a boolean): the SDK sends it as 1.
  outcomes = await callEveryMethod(altegio, box, (call) => {
    if (call.operationId === "get_appointment_list") call.params.with_deleted = true;
    return call;
  });
}, 180_000);

afterAll(async () => {
  await prism?.close();
});

describe("prism mock --errors: every facade method", () => {
  it("calls all 261 facade methods, each reaching Prism", () => {
    expect(facadeOperations).toHaveLength(261);
    const unreached = facadeOperations.filter((id) => (outcomes.get(id)?.seen.length ?? 0) === 0);
    expect(unreached.map((id) => `${id}: ${outcomes.get(id)?.result}`)).toEqual([]);
  });

  it("0 request violations over every method", () => {
    const report: Record<string, string[]> = {};
    for (const id of facadeOperations) {
      const problems = problemsOf(id);
      if (problems.length > 0) report[id] = problems;
    }
    expect(report).toEqual({});
  });

  it("Prism's log agrees: no request violation logged", () => {
    expect(prism.violations()).toEqual([]);
  });
});

describe("the defects issue 11 names, one test each", () => {
  it("get_team_member_schedule: date path parameters (declared number)", () => {
    expect(problemsOf("get_team_member_schedule")).toEqual([]);
  });

  it("get_transactions and get_fiscal_transaction_list: date query parameters", () => {
    expect(problemsOf("get_transactions")).toEqual([]);
    expect(problemsOf("get_fiscal_transaction_list")).toEqual([]);
    expect(outcomes.get("get_transactions")!.seen[0]!.url).toContain("start_date=2026-01-05");
  });

  it("get_appointment_list: with_deleted goes out as 1 and is valid", () => {
    expect(outcomes.get("get_appointment_list")!.seen[0]!.url).toContain("with_deleted=1");
    expect(problemsOf("get_appointment_list")).toEqual([]);
  });

  it("bulk_create_clients: a top-level array body is valid", () => {
    const call = outcomes.get("bulk_create_clients")!.call;
    expect(Array.isArray(call.params.body)).toBe(true);
    expect(problemsOf("bulk_create_clients")).toEqual([]);
  });

  it("get_visit_receipt_pdf: Accept includes application/pdf, Prism answers 200", () => {
    expect(problemsOf("get_visit_receipt_pdf")).toEqual([]);
    expect(outcomes.get("get_visit_receipt_pdf")!.seen[0]!.status).toBe(200);
  });

  it("array query parameters: the names the SDK sends (staff_ids[]) are the description's", () => {
    const arrays = facadeOperations.filter((id) => {
      const call = outcomes.get(id)!.call;
      return call.declaredQuery.some((name) => Array.isArray(call.params[name]));
    });
    expect(arrays.length).toBeGreaterThanOrEqual(10);
    const sent = outcomes.get("get_team_member_schedule_list")!.seen[0]!.url;
    expect(sent).toMatch(/staff_ids\[\]=1/);
    expect(Object.fromEntries(arrays.map((id) => [id, problemsOf(id)]))).toEqual(
      Object.fromEntries(arrays.map((id) => [id, []])),
    );
  });

  it("the vendor's Accept is sent on every call (the known mismatch is the test's to handle)", () => {
    const accepts = new Set(
      [...outcomes.values()].flatMap((o) => o.seen.map((s) => s.accept?.split(",")[0])),
    );
    expect([...accepts]).toEqual([VENDOR_ACCEPT]);
  });
});
