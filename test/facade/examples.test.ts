/**
 * examples/ stays a real tour of the facade: its scripts (type-checked by `tsc --noEmit`, which
 * includes examples/) call at least 20 distinct methods, every one of which exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resourceTable } from "../../generated/resources.js";

const DIR = resolve(process.cwd(), "examples");

describe("examples", () => {
  const sources = readdirSync(DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(resolve(DIR, f), "utf8"))
    .join("\n");
  const called = new Set(
    [...sources.matchAll(/altegio\.([a-zA-Z]+)\.([a-zA-Z]+)\b/g)].map((m) => `${m[1]}.${m[2]}`),
  );
  const table = resourceTable as Record<string, Record<string, string>>;

  it("call at least 20 distinct generated methods", () => {
    const methods = [...called].filter((c) => {
      const [ns, name] = c.split(".");
      return table[ns!]?.[name!] !== undefined;
    });
    expect(methods.length).toBeGreaterThanOrEqual(20);
  });

  it("call nothing that is not a method or a helper", () => {
    const helpers = new Set([
      "clients.findByPhone",
      "appointments.listInRange",
      "appointments.book",
    ]);
    const unknown = [...called].filter((c) => {
      const [ns, name] = c.split(".");
      return table[ns!]?.[name!] === undefined && !helpers.has(c) && name !== "withResponse";
    });
    expect(unknown).toEqual([]);
  });
});
