/**
 * Files: attaches a document to a client's card, lists and removes files, uploads a service
 * photo, and saves a visit receipt (the API answers that one with a PDF).
 *
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/uploads.ts <client_id> <service_id> <photo.jpg> [visit_id]
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { clientFromEnv, idFromEnv, run } from "./env.js";

run(async () => {
  const altegio = clientFromEnv();
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");
  const [clientArg, serviceArg, photoPath, visitArg] = process.argv.slice(2);
  const client_id = Number(clientArg);
  const service_id = Number(serviceArg);
  if (!client_id || !service_id || !photoPath) {
    console.error("usage: uploads.ts <client_id> <service_id> <photo.jpg> [visit_id]");
    process.exit(2);
  }

  // Bytes (Uint8Array), a Blob or a File are all accepted as a file field.
  const consent = new TextEncoder().encode(`Consent form signed on ${new Date().toISOString()}\n`);
  await altegio.clients.uploadFile({ location_id, client_id, body: { file: consent } });

  const files = await altegio.clients.listFiles({ location_id, client_id });
  console.log("client files:", files);

  const photo = new File([await readFile(photoPath)], basename(photoPath), { type: "image/jpeg" });
  const uploaded = await altegio.utilities.uploadImage({
    entity: "service",
    body: { image: photo, company_id: location_id, service_id },
  });
  console.log("uploaded:", uploaded);

  const stale = (Array.isArray(files) ? files : []).find((f) => f.id !== undefined);
  if (stale?.id !== undefined && process.argv.includes("--remove-first")) {
    await altegio.clients.deleteFile({ location_id, client_id, file_id: stale.id });
  }

  if (visitArg) {
    const pdf = await altegio.appointments.getVisitReceiptPdf({ visit_id: Number(visitArg) });
    await writeFile(`receipt-${visitArg}.pdf`, new Uint8Array(await pdf.arrayBuffer()));
    console.log(`saved receipt-${visitArg}.pdf (${pdf.size} bytes)`);
  }
});
