import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedFormat, formatCacheKey } from "../../scripts/codegen/format-cache.js";
import { formatTypeScript, prettierOptions } from "../../scripts/codegen/format.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "altegio-format-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("prettier output cache", () => {
  it("formats once per (options, text) and answers the stored text afterwards", async () => {
    let calls = 0;
    const format = async () => {
      calls += 1;
      return "formatted\n";
    };
    const key = formatCacheKey("const a=1", { printWidth: 100 });
    expect(await cachedFormat(dir, key, format)).toBe("formatted\n");
    expect(await cachedFormat(dir, key, format)).toBe("formatted\n");
    expect(calls).toBe(1);
    expect(await readdir(dir)).toEqual([`${key}.txt`]);
  });

  it("keys on the text and the options", () => {
    const key = formatCacheKey("const a=1", { printWidth: 100 });
    expect(formatCacheKey("const a=2", { printWidth: 100 })).not.toBe(key);
    expect(formatCacheKey("const a=1", { printWidth: 80 })).not.toBe(key);
    expect(formatCacheKey("const a=1", { printWidth: 100 })).toBe(key);
  });

  it("gives the same bytes as prettier, cold and warm, under a project root", async () => {
    await writeFile(join(dir, ".prettierrc.json"), '{ "printWidth": 100 }');
    const options = await prettierOptions(dir);
    const source = 'export const x = {a:1, "b-c": [ ], d: "it\'s"}';
    const cold = await formatTypeScript(source, options);
    expect(cold).toBe('export const x = { a: 1, "b-c": [], d: "it\'s" };\n');
    expect(await readdir(join(dir, "node_modules/.cache/altegio-codegen/prettier"))).toHaveLength(
      1,
    );
    expect(await formatTypeScript(source, options)).toBe(cold);
  });

  it("still formats when the cache folder cannot be written", async () => {
    await writeFile(join(dir, "node_modules"), "a file where the folder would go");
    const options = await prettierOptions(dir);
    expect(await formatTypeScript("let  a =1", options)).toBe("let a = 1;\n");
  });
});
