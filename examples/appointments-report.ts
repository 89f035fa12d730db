/**
 * A monthly report: appointments per team member and service, revenue from the analytics
 * endpoint, and the money transactions of the month (walked page by page).
 *
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/appointments-report.ts 2026-03
 */
import { clientFromEnv, idFromEnv, run } from "./env.js";

run(async () => {
  const altegio = clientFromEnv();
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");
  const month = process.argv[2] ?? new Date().toISOString().slice(0, 7);
  const from = `${month}-01`;
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  const to = last.toISOString().slice(0, 10);

  const location = await altegio.locations.get({ location_id });
  const [team, services] = await Promise.all([
    altegio.teamMembers.list({ location_id }),
    altegio.services.list({ location_id }),
  ]);
  const appointments = await altegio.appointments.listInRange(
    { location_id, from, to },
    { max: 100_000 },
  );

  const perMember = new Map<number, number>();
  for (const appointment of appointments) {
    if (appointment.deleted) continue;
    const id = appointment.staff_id ?? 0;
    perMember.set(id, (perMember.get(id) ?? 0) + 1);
  }
  console.log(`${location.title ?? location_id}: ${appointments.length} appointments in ${month}`);
  for (const member of Array.isArray(team) ? team : []) {
    console.log(`  ${member.name ?? member.id}: ${perMember.get(member.id ?? -1) ?? 0}`);
  }
  console.log(`${Array.isArray(services) ? services.length : 0} services on the price list`);

  const overall = await altegio.analytics.getLocationAnalyticsOverall({
    location_id,
    date_from: from,
    date_to: to,
  });
  console.log("analytics:", overall);

  let income = 0;
  for await (const page of altegio
    .paginate(altegio.payments.getTransactions, { location_id, count: 100 })
    .pages()) {
    for (const transaction of page.items) income += transaction.amount ?? 0;
    console.log(`  transactions page ${page.number}: ${page.items.length}`);
  }
  console.log(`money transactions total: ${income.toFixed(2)}`);

  const firstId = appointments[0]?.id;
  if (firstId !== undefined) {
    const details = await altegio.appointments.get({
      location_id,
      record_id: firstId,
      include_finance_transactions: 1,
    });
    console.log("first appointment:", details);
  }
});
