/**
 * Multipart uploads through the facade: `utilities.uploadImage` (upload_image) and
 * `clients.uploadFile` (upload_client_file), each with a Blob/File and with a Uint8Array, checked
 * against what the sandbox kept (name, type, size, owner).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type AltegioClient } from "../../src/index.js";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, countOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
let altegio: AltegioClient;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  altegio = sdkFor(sandbox);
  await altegio.login();
});
afterAll(() => sandbox.close());

/** A PNG signature and a few bytes: what the API recognises as an image. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]);
const CLIENT = 90003;

/** upload_image's answer (the description gives it no schema, so the SDK types it unknown). */
function imageGroup(data: unknown): { id: number; type: string | undefined } {
  const group = (data as { image_group?: { id?: unknown; images?: { type?: unknown } } })
    .image_group;
  expect(typeof group?.id).toBe("number");
  return { id: group!.id as number, type: group?.images?.type as string | undefined };
}

describe("upload_image (utilities.uploadImage)", () => {
  it("a File with its name and type", async () => {
    const photo = new File([PNG], "team.png", { type: "image/png" });
    const uploaded = await altegio.utilities.uploadImage({
      entity: "master",
      body: { image: photo, master_id: 3001 },
    });
    const { id, type } = imageGroup(uploaded);
    expect(sandbox.state.images.get(id)).toMatchObject({
      entity: "master",
      entity_id: 3001,
      name: "team.png",
      mime: "image/png",
      size: PNG.length,
    });
    expect(type).toBe("image/png");
  });

  it("a Blob without a name", async () => {
    const blob = new Blob([PNG, PNG], { type: "image/png" });
    const uploaded = await altegio.utilities.uploadImage({
      entity: "service",
      body: { image: blob, service_id: 5001 },
    });
    expect(sandbox.state.images.get(imageGroup(uploaded).id)).toMatchObject({
      entity: "service",
      entity_id: 5001,
      mime: "image/png",
      size: PNG.length * 2,
    });
  });

  it("a Uint8Array: sent without a type, recognised by its bytes", async () => {
    const uploaded = await altegio.utilities.uploadImage({
      entity: "service",
      body: { image: PNG, service_id: 5002 },
    });
    expect(sandbox.state.images.get(imageGroup(uploaded).id)).toMatchObject({
      entity: "service",
      entity_id: 5002,
      name: "image",
      mime: "image/png",
      size: PNG.length,
    });
  });

  it("bytes that are not an image: ValidationError naming the field, nothing kept", async () => {
    const before = sandbox.state.images.all().length;
    const error = await altegio.utilities
      .uploadImage({
        entity: "service",
        body: { image: new TextEncoder().encode("not a picture") },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors?.["image"]).toBeDefined();
    expect(sandbox.state.images.all()).toHaveLength(before);
  });
});

describe("upload_client_file (clients.uploadFile)", () => {
  it("keeps a File and a Uint8Array on the client's card, listed by clients.listFiles", async () => {
    const consent = new File(["Consent form, signed.\n"], "consent.txt", { type: "text/plain" });
    const bytes = new TextEncoder().encode("%PDF-1.4 sandbox\n");
    const before = countOf(sandbox, "upload_client_file");
    const first = await altegio.clients.uploadFile({
      location_id: LOCATION,
      client_id: CLIENT,
      body: { file: consent },
    });
    const second = await altegio.clients.uploadFile({
      location_id: LOCATION,
      client_id: CLIENT,
      body: { file: bytes },
    });
    expect(countOf(sandbox, "upload_client_file") - before).toBe(2);

    const kept = sandbox.state.files.where((f) => f.client_id === CLIENT);
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({
      name: "consent.txt",
      mime: "text/plain",
      size: consent.size,
      location_id: LOCATION,
      user_name: "Sandbox Owner",
    });
    expect(kept[1]).toMatchObject({
      name: "file",
      mime: "application/octet-stream",
      size: bytes.length,
    });
    expect([first, second].flat().map((f) => f.id)).toEqual(kept.map((f) => f.id));

    const listed = await altegio.clients.listFiles({ location_id: LOCATION, client_id: CLIENT });
    expect(listed.map((f) => [f.name, Number(f.size)])).toEqual([
      ["consent.txt", consent.size],
      ["file", bytes.length],
    ]);
  });
});
