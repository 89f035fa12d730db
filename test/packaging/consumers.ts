/**
 * The temporary project test/packaging/pack.test.ts installs the three packed tarballs into
 * (`altegio-sdk`, `altegio-sdk-sandbox` and `altegio-sdk-redis`, with ioredis): its package.json, tsconfig (strict, `nodenext`, so
 * the `import`/`require` conditions of the exports maps pick the files) and two consumers, one ESM
 * (.mts) and one CommonJS (.cts). Each starts the packaged sandbox, logs in and lists locations
 * through the packaged client, and prints one JSON line. Kept as text: they import the packages
 * by name, which resolve only inside that project (the repository maps them to source).
 */

export const consumerPackageJson = {
  name: "altegio-sdk-consumer",
  private: true,
  version: "0.0.0",
};

export const consumerTsconfig = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    // Node's own globals (fetch, Response, Blob…) only: the package needs no DOM lib.
    lib: ["es2022"],
    types: ["node"],
    // The package's declarations are checked too.
    skipLibCheck: false,
    outDir: "out",
  },
  include: ["esm.mts", "cjs.cts", "redis-errors.d.ts"],
};

/**
 * ioredis's own declarations import `redis-errors`, which ships no types: with `skipLibCheck`
 * off, a consumer of ioredis needs this line (or `@types/redis-errors`), ours or not.
 */
export const ioredisShim = `declare module "redis-errors";\n`;

/**
 * Shared body of both consumers (inside an async function): the compile-time checks that the
 * types are real (not `any`), then a session against the packaged sandbox.
 */
const body = `
  // The types are real: a method that does not exist, a parameter of the wrong type and a
  // type-only export used as a value do not compile.
  type LocationsList = paths["/companies"]["get"];
  const operation: LocationsList["parameters"]["query"] = {};
  void operation;

  const sandbox = await startSandbox({ rateLimit: false });
  try {
    const user = sandbox.users[0];
    if (!user) throw new Error("the sandbox has no users");
    const altegio: AltegioClient = createAltegioClient({
      baseUrl: sandbox.baseUrl,
      partnerToken: sandbox.partnerToken,
      credentials: { login: user.login, password: user.password },
    });
    // @ts-expect-error: no such method
    void altegio.locations.noSuchMethod;
    // @ts-expect-error: location_id is a number or a digit string
    void (() => altegio.locations.get({ location_id: "forty-one" }));
    // @ts-expect-error: resourceTable is exported as a type only (it is not there at run time)
    void sdk.resourceTable;
    // The Redis add-on's limiter and token store fit the client's options.
    const shared = (url: string): AltegioClientOptions => ({
      partnerToken: "p",
      rateLimit: redisRateLimiter({ url }),
      tokenStore: redisTokenStore({ url }),
    });
    void shared;

    const profile = await altegio.login();
    const locations = await altegio.locations.list();
    const id = locations[0]?.id;
    const location = id === undefined ? undefined : await altegio.locations.get({ location_id: id });

    let refused: unknown;
    try {
      await startSandbox({ host: "0.0.0.0" });
    } catch (error) {
      refused = error;
    }
    console.log(
      JSON.stringify({
        login: profile.login,
        locations: locations.map((l) => l.id),
        title: location?.title,
        operations: Object.keys(operationRegistry).length,
        version: descriptionInfo.version,
        sandboxOperations: sandbox.description.operations,
        sandboxErrorIsAltegioError: refused instanceof AltegioError,
        sandboxErrorCode: refused instanceof AltegioError ? refused.code : undefined,
        defaultPartnerToken: DEFAULT_PARTNER_TOKEN === sandbox.partnerToken,
        redisErrorIsAltegioError: new RedisUnavailableError("127.0.0.1:1", "a test") instanceof AltegioError,
        RESOLVED,
      }),
    );
  } finally {
    await sandbox.close();
  }
`;

const imports = `import * as sdk from "altegio-sdk";
import {
  AltegioError,
  createAltegioClient,
  descriptionInfo,
  operationRegistry,
  type AltegioClient,
  type AltegioClientOptions,
  type paths,
} from "altegio-sdk";
import { DEFAULT_PARTNER_TOKEN, startSandbox } from "altegio-sdk-sandbox";
import { RedisUnavailableError, redisRateLimiter, redisTokenStore } from "altegio-sdk-redis";
`;

export const esmConsumer = `${imports}
async function main(): Promise<void> {${body.replace(
  "RESOLVED",
  'module: "esm", resolved: import.meta.resolve("altegio-sdk"), sandboxResolved: import.meta.resolve("altegio-sdk-sandbox"), redisResolved: import.meta.resolve("altegio-sdk-redis")',
)}}

await main();
`;

export const cjsConsumer = `${imports}
async function main(): Promise<void> {${body.replace(
  "RESOLVED",
  'module: "cjs", resolved: require.resolve("altegio-sdk"), sandboxResolved: require.resolve("altegio-sdk-sandbox"), redisResolved: require.resolve("altegio-sdk-redis")',
)}}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
