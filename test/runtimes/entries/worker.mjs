// @ts-check
/**
 * The workerd entry, bundled with the SDK's ESM build by esbuild. Each request says which
 * sandbox to use in the `x-sandbox` header (JSON: the scenario's config, plus `userToken`).
 *
 *   GET /scenario   the whole scenario in one request
 *   GET /get?id=N   one `clients.get` with a client made for this request, with the default
 *                   rate limiter: the one shared by every client of the sandbox's origin in
 *                   this isolate, so concurrent requests wait on each other's slots
 */
import * as sdk from "altegio-sdk";
import { runScenario } from "./scenario.mjs";

export default {
  /** @param {Request} request */
  async fetch(request) {
    const url = new URL(request.url);
    const config = JSON.parse(request.headers.get("x-sandbox") ?? "{}");
    try {
      if (url.pathname === "/scenario") {
        return Response.json({ ok: true, result: await runScenario(sdk, config) });
      }
      if (url.pathname === "/get") {
        const altegio = sdk.createAltegioClient({
          baseUrl: config.baseUrl,
          partnerToken: config.partnerToken,
          userToken: config.userToken,
        });
        const id = Number(url.searchParams.get("id"));
        const client = await altegio.clients.get({ location_id: config.location, id });
        return Response.json({ ok: true, result: { id: client.id } });
      }
      return new Response("not found", { status: 404 });
    } catch (error) {
      const e = /** @type {Error} */ (error);
      return Response.json({ ok: false, error: `${e.name}: ${e.message}` }, { status: 500 });
    }
  },
};
