/**
 * What a client has across a chain, looked up by phone: client records, deposit accounts,
 * memberships, loyalty cards; then the client's deposits and visit history in one location.
 *
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... ALTEGIO_CHAIN_ID=7 ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/loyalty-deposits.ts "+1 315 555 0175"
 */
import { clientFromEnv, idFromEnv, run } from "./env.js";

run(async () => {
  const altegio = clientFromEnv();
  const chain_id = idFromEnv("ALTEGIO_CHAIN_ID");
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");
  const phone = process.argv[2] ?? "+13155550175";

  const chains = await altegio.chains.list();
  console.log("chains of this user:", chains);

  const records = await altegio.clients.findByPhone({ chain_id, phone });
  console.log(`${records.length} client record(s) in the chain's locations`);

  const accounts = await altegio.deposits.listByChain({ chain_id });
  console.log("deposit accounts in the chain:", accounts);

  const cardTypes = await altegio.loyaltyCards.listTypes({ location_id });
  console.log("loyalty card types on offer:", cardTypes);

  const memberships = await altegio.subscriptions.getClientMemberships({
    company_id: location_id,
    phone: phone.replace(/[^\d+]/g, ""),
  });
  console.log("memberships:", memberships);

  const here = records.find((r) => r.company_id === location_id);
  if (here?.id === undefined) return;
  const cards = await altegio.loyaltyCards.listByClientId({ client_id: here.id });
  console.log("loyalty cards:", cards);
  const history = await altegio.deposits.listByLocationAndClient({
    location_id,
    client_id: here.id,
  });
  console.log("deposits in this location:", history);

  // Visit history, 25 visits per batch, the next window read from meta.from / meta.to.
  for await (const batch of altegio.paginate(altegio.clients.searchVisits, {
    location_id,
    body: {
      client_id: here.id,
      client_phone: null,
      attendance: null,
      payment_statuses: [],
      from: null,
      to: null,
    },
  })) {
    console.log(`${batch.records?.length ?? 0} visits`);
  }
});
