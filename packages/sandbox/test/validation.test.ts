import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { ACCEPT, LOCATION, authHeader, call, login, startTestSandbox } from "./support/client.js";
import { expectConforms } from "./support/conformance.js";

let sandbox: Sandbox;
let user: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  user = await login(sandbox);
});
afterAll(() => sandbox.close());

describe("request checks", () => {
  it("answers 406 when Accept is missing or not the API's media type", async () => {
    const missing = await call(sandbox, "GET", "/companies", {
      headers: { authorization: authHeader(sandbox) },
    });
    expect(missing.status).toBe(406);
    expect(missing.json.meta.message).toContain(ACCEPT);
    const wrong = await call(sandbox, "GET", "/companies", {
      headers: { accept: "application/json", authorization: authHeader(sandbox) },
    });
    expect(wrong.status).toBe(406);
  });

  it("answers 404 in the second error shape for a path no operation has", async () => {
    const reply = await call(sandbox, "GET", "/no/such/route");
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({
      errors: { code: 404, message: expect.any(String) },
      meta: { message: expect.any(String) },
    });
    const outside = await fetch(`${sandbox.url}/companies`, { headers: { accept: ACCEPT } });
    expect(outside.status).toBe(404);
  });

  it("answers 405 for a method the path does not have", async () => {
    const reply = await call(sandbox, "PATCH", "/companies", { body: {} });
    expect(reply.status).toBe(405);
  });

  it("answers 415 to a body in a content type the operation does not take", async () => {
    const reply = await call(sandbox, "POST", `/clients/${LOCATION}`, {
      headers: {
        accept: ACCEPT,
        authorization: authHeader(sandbox, user),
        "content-type": "text/plain",
      },
      body: "name=x",
    });
    expect(reply.status).toBe(415);
    expect(reply.json.success).toBe(false);
  });

  it("answers 400 to JSON that does not parse", async () => {
    const response = await fetch(`${sandbox.baseUrl}/clients/${LOCATION}`, {
      method: "POST",
      headers: {
        accept: ACCEPT,
        authorization: authHeader(sandbox, user),
        "content-type": "application/json",
      },
      body: '{"name": "Ann", ',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).meta.message).toMatch(/not valid JSON/);
  });

  it("answers 422 with field errors when the body breaks the described schema", async () => {
    const reply = await call(sandbox, "POST", `/clients/${LOCATION}`, {
      user,
      body: { name: 42, surname: "Lee" },
    });
    expect(reply.status).toBe(422);
    expect(reply.json).toMatchObject({
      success: false,
      data: null,
      meta: { message: expect.any(String) },
    });
    expect(reply.json.meta.errors).toMatchObject({
      name: [expect.stringContaining("must be string")],
      phone: [expect.stringContaining("required")],
    });
    await expectConforms("create_client", reply);
  });

  it("answers 422 when a required body is missing", async () => {
    const reply = await call(sandbox, "POST", `/services/${LOCATION}`, { user });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors.body).toEqual(["A request body is required"]);
  });

  it("answers 400 for a query parameter of the wrong type or one the operation lacks", async () => {
    const wrongType = await call(sandbox, "GET", `/records/${LOCATION}?page=first`, { user });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.meta.errors.page).toBeDefined();
    const unknown = await call(sandbox, "GET", `/records/${LOCATION}?colour=red`, { user });
    expect(unknown.status).toBe(400);
    expect(unknown.json.meta.errors.colour).toEqual([
      "colour is not a parameter of this operation",
    ]);
  });

  it("answers 400 for a path parameter of the wrong type", async () => {
    const reply = await call(sandbox, "GET", `/client/${LOCATION}/abc`, { user });
    expect(reply.status).toBe(400);
    expect(reply.json.meta.errors.id).toBeDefined();
  });

  it("answers 404 for a location that does not exist, on stateful and mocked operations", async () => {
    expect((await call(sandbox, "GET", "/company/999", {})).status).toBe(404);
    expect((await call(sandbox, "GET", "/goods/999", { user })).status).toBe(404);
    expect((await call(sandbox, "GET", `/goods/${LOCATION}`, { user })).status).toBe(200);
  });

  it("accepts array query parameters in both the PHP and the repeated form", async () => {
    const php = await call(sandbox, "GET", "/companies?include[]=staff&include[]=accounts");
    expect(php.status).toBe(200);
    const repeated = await call(sandbox, "GET", "/companies?include=staff&include=accounts");
    expect(repeated.status).toBe(200);
    const invalid = await call(sandbox, "GET", "/companies?include=everything");
    expect(invalid.status).toBe(400);
  });
});

describe("uploads (multipart/form-data)", () => {
  it("stores a client file's metadata and lists it", async () => {
    const form = new FormData();
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "notes.txt");
    const response = await fetch(`${sandbox.baseUrl}/company/${LOCATION}/clients/files/90002`, {
      method: "POST",
      headers: { accept: ACCEPT, authorization: authHeader(sandbox, user) },
      body: form,
    });
    const json = await response.json();
    expect(response.status).toBe(200);
    expect(json.data[0]).toMatchObject({
      client_id: 90002,
      name: "notes.txt",
      mime: "text/plain",
      size: "5",
    });
    const listed = await call(sandbox, "GET", `/company/${LOCATION}/clients/files/90002`, { user });
    expect(listed.json.data.map((f: { name: string }) => f.name)).toEqual(["notes.txt"]);
    await expectConforms("get_client_file_list", listed);
  });

  it("answers 422 when the file part is missing or sent as text", async () => {
    const form = new FormData();
    form.append("file", "not a file part");
    const response = await fetch(`${sandbox.baseUrl}/company/${LOCATION}/clients/files/90002`, {
      method: "POST",
      headers: { accept: ACCEPT, authorization: authHeader(sandbox, user) },
      body: form,
    });
    expect(response.status).toBe(422);
    expect((await response.json()).meta.errors.file).toBeDefined();
  });

  it("uploads an image and answers the described image group", async () => {
    const form = new FormData();
    form.append(
      "image",
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
      "a.png",
    );
    form.append("master_id", "3001");
    const response = await fetch(`${sandbox.baseUrl}/images/master`, {
      method: "POST",
      headers: { accept: ACCEPT, authorization: authHeader(sandbox, user) },
      body: form,
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    const json = JSON.parse(text);
    expect(json.image_group).toMatchObject({
      entity: "master",
      entity_id: 3001,
      image_binded: true,
    });
    await expectConforms("upload_image", { status: 200, headers: response.headers, json, text });
  });

  it("answers 415 when an upload is sent as JSON", async () => {
    const reply = await call(sandbox, "POST", "/images/master", { user, body: { image: "x" } });
    expect(reply.status).toBe(415);
  });
});
