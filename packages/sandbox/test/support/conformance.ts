/** Checks answers against the response schemas of the description the sandbox serves. */
import { expect } from "vitest";
import { basePathOf, loadDescription } from "../../src/description.js";
import { OpenApiEngine } from "../../src/openapi.js";
import type { Reply } from "./client.js";

let engine: Promise<OpenApiEngine> | undefined;

export function describedEngine(): Promise<OpenApiEngine> {
  engine ??= loadDescription().then((d) => OpenApiEngine.create(d, basePathOf(d)));
  return engine;
}

/** Fails with the schema errors when the answer does not match what the description says. */
export async function expectConforms(operationId: string, reply: Reply): Promise<void> {
  const issues = (await describedEngine()).checkResponse(operationId, reply.status, reply.json);
  expect(issues, `${operationId} ${reply.status} answer: ${reply.text.slice(0, 300)}`).toEqual([]);
}
