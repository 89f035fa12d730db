/**
 * `tsc --noEmit` on the project (facade, tests, examples: whatever its tsconfig includes), with
 * the output parsed into errors so an update can say which files it broke.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

export interface TscDiagnostic {
  /** Relative to the project root, as tsc prints it. */
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** The first line of the message and its indented continuation lines. */
  readonly message: string;
}

export interface TypecheckResult {
  readonly ok: boolean;
  readonly errors: readonly TscDiagnostic[];
  /** tsc's own output, for what the parser did not recognise. */
  readonly output: string;
  readonly milliseconds: number;
}

const TIMEOUT_MS = 10 * 60_000;

export async function typecheck(
  root: string,
  tsconfig = "tsconfig.json",
): Promise<TypecheckResult> {
  const started = performance.now();
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  const output = await new Promise<{ code: number; text: string }>((resolveRun, reject) => {
    execFile(
      process.execPath,
      [tsc, "--noEmit", "--pretty", "false", "-p", tsconfig],
      { cwd: root, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (error && typeof error.code !== "number") reject(error);
        else resolveRun({ code: error ? Number(error.code) : 0, text });
      },
    );
  });
  const errors = parseTscOutput(output.text);
  return {
    ok: output.code === 0,
    errors,
    output: output.text,
    milliseconds: Math.round(performance.now() - started),
  };
}

const ERROR_LINE = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/;

export function parseTscOutput(text: string): TscDiagnostic[] {
  const errors: { file: string; line: number; code: string; message: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = ERROR_LINE.exec(line);
    if (match) {
      const [, file = "", lineNo = "0", code = "", message = ""] = match;
      errors.push({ file, line: Number(lineNo), code, message });
    } else if (/^\s+\S/.test(line) && errors.length > 0) {
      errors[errors.length - 1]!.message += `\n${line.trimEnd()}`;
    }
  }
  return errors;
}

/**
 * Errors in `after` that `before` did not have: same file, code and first line of the message.
 * Lines may move, and tsc's elaboration below the first line can vary with checking order.
 */
export function newErrors(
  before: readonly TscDiagnostic[],
  after: readonly TscDiagnostic[],
): TscDiagnostic[] {
  const remaining = new Map<string, number>();
  const key = (e: TscDiagnostic) => `${e.file}\u0000${e.code}\u0000${e.message.split("\n")[0]}`;
  for (const e of before) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  return after.filter((e) => {
    const left = remaining.get(key(e)) ?? 0;
    if (left === 0) return true;
    remaining.set(key(e), left - 1);
    return false;
  });
}

/** Errors grouped by file, each whole (every line of tsc's message). */
export function formatTypeErrors(errors: readonly TscDiagnostic[]): string {
  const byFile = new Map<string, TscDiagnostic[]>();
  for (const e of errors) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const lines: string[] = [];
  for (const [file, list] of [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${file} (${list.length})`);
    for (const e of list) {
      const [first, ...more] = e.message.split("\n");
      lines.push(
        `    ${e.line}: ${e.code} ${first ?? ""}`,
        ...more.map((l) => `      ${l.trim()}`),
      );
    }
  }
  return lines.join("\n");
}
