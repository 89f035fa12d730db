// @ts-check
/**
 * The scenario every runtime runs (test/runtimes/runtimes.test.ts): plain JavaScript, no imports,
 * so each runtime loads it as is. It gets the SDK module from its caller (an ESM import, a
 * CommonJS require or a browser bundle) and a sandbox to talk to: log in, list, create, get,
 * paginate, then a password change through the sandbox's control API, after which the next call
 * succeeds through the SDK's automatic re-login. It returns what it saw; the test checks it
 * against the sandbox's own counters.
 *
 * @param {any} sdk the `altegio-sdk` module
 * @param {{ baseUrl: string, controlUrl: string, partnerToken: string, login: string,
 *   password: string, newPassword: string, location: number }} config
 */
export async function runScenario(sdk, config) {
  const steps = [];
  const tokenChanges = [];
  let credentials = { login: config.login, password: config.password };
  const altegio = sdk.createAltegioClient({
    baseUrl: config.baseUrl,
    partnerToken: config.partnerToken,
    credentials: async () => credentials,
    onTokenChange: ({ reason }) => void tokenChanges.push(reason),
  });
  const location_id = config.location;

  const profile = await altegio.login();
  steps.push("login");

  const locations = await altegio.locations.list.withResponse({ page: 1, count: 25 });
  steps.push("list");

  const phone = `+1315555${2000 + Math.floor(Math.random() * 8000)}`;
  const created = await altegio.clients.create({
    location_id,
    body: { name: "Runtime Client", phone },
  });
  steps.push("create");

  const fetched = await altegio.clients.get({ location_id, id: created.id });
  steps.push("get");

  const pages = [];
  const ids = new Set();
  for await (const page of altegio
    .paginate(
      altegio.clients.list,
      { location_id, body: { fields: ["id", "name"] } },
      { pageSize: 25 },
    )
    .pages()) {
    pages.push(page.items.length);
    for (const item of page.items) ids.add(item.id);
  }
  steps.push("paginate");

  const changed = await fetch(`${config.controlUrl}/password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: config.login, password: config.newPassword }),
  });
  if (changed.status !== 200) throw new Error(`password change answered ${changed.status}`);
  credentials = { ...credentials, password: config.newPassword };
  const again = await altegio.clients.get({ location_id, id: created.id });
  steps.push("relogin");

  let typedError = false;
  try {
    await altegio.clients.get({ location_id, id: 1 });
  } catch (error) {
    typedError = error instanceof sdk.NotFoundError && error instanceof sdk.AltegioError;
  }
  steps.push("error");

  return {
    steps,
    userId: profile.id,
    locations: locations.data.map((l) => l.id),
    created: { id: created.id, phone: created.phone },
    fetched: { id: fetched.id, name: fetched.name },
    pages,
    listed: ids.size,
    listedCreated: ids.has(created.id),
    again: again.id,
    tokenChanges,
    typedError,
  };
}
