/**
 * examples/ stays a real tour of the facade: its scripts (type-checked by `tsc --noEmit`, which
 * includes examples/) call at least 20 distinct methods, every one of which exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { operations } from "../../generated/registry.js";
import type { Registry } from "../../src/core/operation.js";

const DIR = resolve(process.cwd(), "examples");

describe("examples", () => {
  const sources = readdirSync(DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(resolve(DIR, f), "utf8"))
    .join("\n");
  const called = new Set(
    [...sources.matchAll(/altegio\.([a-zA-Z]+)\.([a-zA-Z]+)\b/g)].map((m) => `${m[1]}.${m[2]}`),
  );
  /** `namespace.method` of every generated method (the registry's facade names). */
  const generated = new Set(
    Object.values(operations as Registry).flatMap((op) => (op.facade ? [op.facade] : [])),
  );

  it("call at least 20 distinct generated methods", () => {
    const methods = [...called].filter((c) => generated.has(c));
    expect(methods.length).toBeGreaterThanOrEqual(20);
  });

  it("call nothing that is not a method or a helper", () => {
    const helpers = new Set([
      "clients.findByPhone",
      "appointments.listInRange",
      "appointments.book",
    ]);
    const unknown = [...called].filter(
      (c) => !generated.has(c) && !helpers.has(c) && !c.endsWith(".withResponse"),
    );
    expect(unknown).toEqual([]);
  });
});
