// @ts-check
/** The CommonJS entry (Node): `require("altegio-sdk")` resolves to dist/index.cjs. */
const sdk = require("altegio-sdk");

import("./scenario.mjs").then(async ({ runScenario }) => {
  const result = await runScenario(sdk, JSON.parse(process.argv[2] ?? "{}"));
  console.log(`RESULT ${JSON.stringify({ ...result, entry: require.resolve("altegio-sdk") })}`);
});
