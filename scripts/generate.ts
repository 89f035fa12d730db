/**
 * `npm run generate [-- --source <url|path>] [--check] [--out <dir>]`
 * Thin CLI over scripts/codegen (see openapi/README.md for what each step does).
 */
import { CodegenError, generate, SOURCE_ENV_VAR } from "./codegen/index.js";

const USAGE = `Usage: tsx scripts/generate.ts [--source <url|path>] [--check] [--out <dir>]
  --source <url|path>  pull only from this source (also: ${SOURCE_ENV_VAR}=<url|path>)
  --check              regenerate in memory; fail if generated/ differs, the pin does not
                       match, or a correction in openapi/ matches nothing
  --out <dir>          output folder (default: generated)`;

interface CliArgs {
  source?: string;
  outDir?: string;
  check: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { check: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      const v = inline ?? argv[(i += 1)];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--source") args.source = value();
    else if (flag === "--out") args.outDir = value();
    else if (flag === "--check") args.check = true;
    else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  return args;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`generate: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const result = await generate({ ...args, log: (line) => console.log(line) });
    console.log(
      `${args.check ? "check: generated/ is up to date" : "generate: done"} ` +
        `(${result.registry.operations.length} operations, ${result.timings.total} ms: ` +
        Object.entries(result.timings)
          .filter(([step]) => step !== "total")
          .map(([step, ms]) => `${step} ${ms}`)
          .join(", ") +
        ")",
    );
    return 0;
  } catch (error) {
    if (error instanceof CodegenError) {
      console.error(`generate failed [${error.code}]: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
