/**
 * Keeps a location's client base in line with a list from another system (a CRM export, say):
 * finds each person by phone, creates the missing ones in one bulk call, updates changed emails,
 * and leaves a comment on the clients it touched.
 *
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/sync-clients.ts
 */
import { normalizePhone } from "../src/index.js";
import { clientFromEnv, idFromEnv, run } from "./env.js";

interface Contact {
  name: string;
  phone: string;
  email?: string;
}

const incoming: Contact[] = [
  { name: "Jane Doe", phone: "+1 (315) 555-0175", email: "jane@example.com" },
  { name: "Sam Lee", phone: "+1 315 555 0199" },
];

run(async () => {
  const altegio = clientFromEnv();
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");

  // How big is the base? The search reports the total in meta.
  const { meta } = await altegio.clients.list.withResponse({
    location_id,
    body: { page: 1, page_size: 1 },
  });
  console.log(`location ${location_id} has ${String(meta.total_count ?? "?")} clients`);

  const missing: Contact[] = [];
  for (const raw of incoming) {
    // One notation for every number: +<country code><number>. Throws on what is not a phone.
    const contact = { ...raw, phone: normalizePhone(raw.phone) };
    const existing = await altegio.clients.findByPhone({ location_id, phone: contact.phone });
    if (!existing) {
      missing.push(contact);
      continue;
    }
    if (contact.email && existing.email !== contact.email) {
      await altegio.clients.update({
        location_id,
        id: existing.id,
        body: { name: existing.name, phone: existing.phone, email: contact.email },
      });
      await altegio.clients.createComment({
        location_id,
        client_id: existing.id,
        body: { text: `Email updated from the CRM on ${new Date().toISOString().slice(0, 10)}` },
      });
      console.log(`updated ${existing.id}`);
    }
  }

  if (missing.length === 1) {
    const [only] = missing;
    const created = await altegio.clients.create({
      location_id,
      body: { name: only!.name, phone: only!.phone, email: only!.email },
    });
    console.log(`created client ${created.id}`);
  } else if (missing.length > 1) {
    const result = await altegio.clients.bulkCreate({
      location_id,
      body: missing.map((c) => ({ name: c.name, phone: c.phone, email: c.email })),
    });
    console.log(`bulk create:`, result);
  }

  // Every client with a visit count, 200 per page, all pages.
  const rows = await altegio.collectAll(
    altegio.clients.list,
    { location_id, body: { fields: ["id", "name", "phone", "visits_count"], order_by: "id" } },
    { max: 50_000 },
  );
  const visits = (row: (typeof rows)[number]) =>
    (row as { visits_count?: number }).visits_count ?? 0;
  const regulars = rows.filter((row) => visits(row) >= 10);
  console.log(`${rows.length} clients, ${regulars.length} with 10+ visits`);

  // The most frequent visitor's card and the comments on it.
  const top = [...rows].sort((a, b) => visits(b) - visits(a))[0];
  if (top?.id !== undefined) {
    const card = await altegio.clients.get({ location_id, id: top.id });
    const comments = await altegio.clients.listComments({ location_id, client_id: top.id });
    console.log(`top visitor: ${card.name} (${visits(top)} visits), comments:`, comments);
  }
});
