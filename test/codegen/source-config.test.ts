import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CodegenError,
  parseSourceConfig,
  readSourceConfig,
  writePin,
  writeSourceConfig,
} from "../../scripts/codegen/index.js";
import { copyProject, PROJECT_ROOT, type ProjectCopy } from "./support.js";

let project: ProjectCopy;
beforeEach(async () => {
  project = await copyProject();
});
afterEach(async () => {
  await project.remove();
});

describe("openapi/source.json", () => {
  it("reads the committed config", async () => {
    const config = await readSourceConfig(PROJECT_ROOT);
    expect(config.url).toBe("https://developer.alteg.io/_bundle/en/b2b-v1/openapi.yaml");
    expect(config.mirrors).toEqual(["../shared/altegio/b2b-v1.openapi.yaml"]);
    expect(config.pin.version).toBe("1.0.0");
  });

  it("writePin replaces only the pin, in the committed file's format", async () => {
    const file = join(project.root, "openapi/source.json");
    const committed = await readFile(file, "utf8");
    const before = await readSourceConfig(project.root);
    // Writing the same config back reproduces the committed bytes (prettier's JSON layout).
    await writeSourceConfig(project.root, before);
    expect(await readFile(file, "utf8")).toBe(committed);

    const pin = { version: "1.0.1", sha256: "a".repeat(64) };
    const after = await writePin(project.root, pin);
    expect(after).toEqual({ ...before, pin });
    expect(await readSourceConfig(project.root)).toEqual(after);
  });

  it("refuses a malformed config, naming the field", () => {
    const good = { url: "u", mirrors: [], pin: { version: "1", sha256: "a".repeat(64) } };
    expect(() => parseSourceConfig({ ...good, mirrors: "m" })).toThrow(/`mirrors` must be/);
    expect(() => parseSourceConfig({ ...good, pin: { version: "1", sha256: "ABC" } })).toThrow(
      /`pin.sha256` must be 64 lowercase hex digits/,
    );
    expect(() => parseSourceConfig(null)).toThrow(CodegenError);
  });

  it("writePin refuses a malformed pin and leaves the file alone", async () => {
    const file = join(project.root, "openapi/source.json");
    const committed = await readFile(file, "utf8");
    await expect(writePin(project.root, { version: "", sha256: "x" })).rejects.toThrow(
      CodegenError,
    );
    expect(await readFile(file, "utf8")).toBe(committed);
  });
});
