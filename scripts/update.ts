/**
 * `npm run openapi:update -- --source <url|path> [--dry-run] [--yes] [--json] [--full] [--keep]
 *  [--mirror] [--allow-same-version] [--allow-truncated] [--baseline <url|path>] [--root <dir>]
 *  [--tsconfig <file>]`
 * Thin CLI over scripts/update (see docs/updating.md).
 */
import { createInterface } from "node:readline/promises";
import { CodegenError } from "./codegen/index.js";
import {
  renderOutcome,
  renderReview,
  runUpdate,
  toJsonOutcome,
  UpdateError,
  type UpdateOptions,
  type UpdateReview,
} from "./update/index.js";

const USAGE = `Usage: npm run openapi:update -- --source <url|path> [options]
Pulls a new revision of the description, prints what changed against the pinned one (each change
classed breaking or not), then pins it, regenerates and type-checks the project.
  --source <url|path>    the new revision (required)
  --dry-run              print the report only; write nothing
  --yes                  apply without asking (required when not on a terminal)
  --json                 print the report and outcome as JSON on stdout (progress goes to stderr)
  --full                 list every change in the text report (default: 10 per group)
  --mirror               record --source in openapi/source.json's mirrors (a URL, or a file in
                         ../shared/altegio/); without it the mirrors are left as they are
  --allow-same-version   accept a candidate with the pinned version but other bytes (republished)
  --allow-truncated      accept a candidate that looks truncated (whole tags or most operations
                         gone, top-level sections missing, $refs pointing to nothing)
  --keep                 if the type-check fails, keep the new pin and generated/ to fix by hand
                         (default: restore both)
  --baseline <url|path>  where to pull the pinned revision from (default: openapi/source.json)
  --root <dir>           project root (default: current directory)
  --tsconfig <file>      tsconfig for the type-check, relative to the root (default: tsconfig.json)
Exit codes: 0 updated, up to date or dry run; 1 failed, refused, not applied, or (dry run) the
codegen or a check would refuse the candidate; 2 bad arguments.`;

interface CliArgs {
  source?: string;
  baseline?: string;
  root?: string;
  tsconfig?: string;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  full: boolean;
  keep: boolean;
  mirror: boolean;
  allowSameVersion: boolean;
  allowTruncated: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    dryRun: false,
    yes: false,
    json: false,
    full: false,
    keep: false,
    mirror: false,
    allowSameVersion: false,
    allowTruncated: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      const v = inline ?? argv[(i += 1)];
      if (v === undefined || v === "" || v.startsWith("--")) {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    if (flag === "--source") args.source = value();
    else if (flag === "--baseline") args.baseline = value();
    else if (flag === "--root") args.root = value();
    else if (flag === "--tsconfig") args.tsconfig = value();
    else if (flag === "--dry-run") args.dryRun = true;
    else if (flag === "--yes" || flag === "-y") args.yes = true;
    else if (flag === "--json") args.json = true;
    else if (flag === "--full") args.full = true;
    else if (flag === "--keep") args.keep = true;
    else if (flag === "--mirror") args.mirror = true;
    else if (flag === "--allow-same-version") args.allowSameVersion = true;
    else if (flag === "--allow-truncated") args.allowTruncated = true;
    else if (flag === "--help" || flag === "-h") throw new HelpRequested();
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!args.source) throw new UsageError("--source <url|path> is required");
  return args;
}

class HelpRequested extends Error {}

/** Asks on the terminal; refuses (without asking) when there is no terminal to ask on. */
function confirmation(args: CliArgs, print: (text: string) => void, printed: { review: boolean }) {
  return async (review: UpdateReview): Promise<boolean> => {
    print(renderReview(review, { maxPerGroup: args.full ? Infinity : 10 }));
    printed.review = true;
    if (args.yes) return true;
    if (!process.stdin.isTTY || args.json) {
      print("Not applied: review the report above, then re-run with --yes to apply.\n");
      return false;
    }
    const { breaking, facadeBreaking } = review.report.counts;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(
        `Pin ${review.candidate.version} (${breaking} breaking change(s), ${facadeBreaking} for ` +
          `facade users), regenerate and type-check? [y/N] `,
      );
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    console.error(`openapi:update: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  // With --json, stdout carries only the JSON document.
  const print = (text: string) => (args.json ? process.stderr : process.stdout).write(text);
  const printed = { review: false };
  const options: UpdateOptions = {
    source: args.source!,
    dryRun: args.dryRun,
    keep: args.keep,
    mirror: args.mirror,
    allowSameVersion: args.allowSameVersion,
    allowTruncated: args.allowTruncated,
    confirm: confirmation(args, print, printed),
    log: (line) => process.stderr.write(`${line}\n`),
    ...(args.root ? { root: args.root } : {}),
    ...(args.baseline ? { baseline: args.baseline } : {}),
    ...(args.tsconfig ? { tsconfig: args.tsconfig } : {}),
  };
  try {
    const result = await runUpdate(options);
    // The review is printed by `confirm` when the flow asks; print it here when it did not.
    if (!printed.review) {
      print(renderReview(result.review, { maxPerGroup: args.full ? Infinity : 10 }));
    }
    print(renderOutcome(result));
    if (args.json) process.stdout.write(`${JSON.stringify(toJsonOutcome(result), null, 2)}\n`);
    if (["failed", "declined", "refused"].includes(result.status)) return 1;
    // A dry run that shows the codegen or a check would refuse the candidate is a failed check.
    return result.review.codegenProblem !== undefined || result.review.guard ? 1 : 0;
  } catch (error) {
    if (error instanceof UpdateError || error instanceof CodegenError) {
      console.error(`openapi:update failed [${error.code}]: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
