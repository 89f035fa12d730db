import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CodegenError, sha256, verifyPin } from "../../scripts/codegen/index.js";
import { NEXT_DESCRIPTION, PINNED_DESCRIPTION, PROJECT_ROOT } from "./support.js";

const source = JSON.parse(await readFile(`${PROJECT_ROOT}/openapi/source.json`, "utf8")) as {
  pin: { version: string; sha256: string };
};

describe("verifyPin", () => {
  it("the committed pin is the sha256 of the pinned description's raw bytes", async () => {
    const bytes = await readFile(PINNED_DESCRIPTION);
    expect(verifyPin(bytes, source.pin)).toBe(sha256(bytes));
    expect(source.pin.version).toBe("1.0.0");
  });

  it("refuses other bytes, naming expected and actual version and sha256 and the update command", async () => {
    const next = await readFile(NEXT_DESCRIPTION);
    let error: unknown;
    try {
      verifyPin(next, source.pin, "the mirror");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodegenError);
    const { code, message } = error as CodegenError;
    expect(code).toBe("PIN_MISMATCH");
    expect(message).toContain("the mirror");
    expect(message).toContain(`expected: version 1.0.0, sha256 ${source.pin.sha256}`);
    expect(message).toContain(`actual:   version 1.0.1, sha256 ${sha256(next)}`);
    expect(message).toContain("npm run openapi:update -- --source <url|path>");
  });

  it("refuses a single changed byte", async () => {
    const bytes = Buffer.from(await readFile(PINNED_DESCRIPTION));
    const at = bytes.length - 2;
    bytes.writeUInt8((bytes.readUInt8(at) ^ 1) & 0xff, at);
    expect(() => verifyPin(bytes, source.pin)).toThrow(/not the pinned revision/);
  });

  it("says so when the refused bytes are not even readable", () => {
    expect(() => verifyPin(Buffer.from(": : ["), source.pin)).toThrow(/version \(unreadable\)/);
  });
});
