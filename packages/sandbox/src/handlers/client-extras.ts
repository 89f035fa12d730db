/** A client's comments and files (`/company/{location_id}/clients/...`), and image uploads. */
import { notFound } from "../envelope.js";
import type { ClientComment, ClientFile } from "../state/model.js";
import { nowDateTime } from "../state/store.js";
import { findClient } from "./clients.js";
import { asRecord, idParam, invalid, type HandlerInput, type HandlerMap } from "./types.js";

function commentView(comment: ClientComment): Record<string, unknown> {
  return {
    id: comment.id,
    type: "default",
    text: comment.text,
    files: [],
    is_editable: true,
    create_date: comment.create_date,
    update_date: comment.update_date,
    user: comment.user_id === null ? null : { id: comment.user_id, name: comment.user_name },
  };
}

function fileView(file: ClientFile): Record<string, unknown> {
  const link = `/uploads/clients/${file.client_id}/${file.id}/${encodeURIComponent(file.name)}`;
  return {
    id: file.id,
    client_id: file.client_id,
    name: file.name,
    description: "",
    extension: file.name.includes(".") ? (file.name.split(".").pop() ?? "") : "",
    mime: file.mime,
    size: String(file.size),
    link,
    full_link: `https://example.com${link}`,
    can_edit: true,
    user_name: file.user_name,
    user_avatar: "",
    create_date: file.create_date,
    date_create: file.create_date,
  };
}

/** The named file part of a multipart body, or 422. */
function requireFile(input: HandlerInput, field: string) {
  const file = input.files.find((f) => f.field === field);
  if (!file) throw invalid({ [field]: [`The ${field} field must be a file part`] });
  return file;
}

export const clientExtraHandlers: HandlerMap = {
  list_client_comments({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    const comments = state.comments.where((c) => c.client_id === client.id).map(commentView);
    return { data: comments, meta: { count: comments.length } };
  },

  create_client_comment({ state, params, body, caller }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    const text = asRecord(body).text;
    if (typeof text !== "string" || text.trim() === "") {
      throw invalid({ text: ["The text field is required"] });
    }
    const now = nowDateTime();
    const comment = state.comments.insert({
      location_id: client.location_id,
      client_id: client.id,
      text,
      user_id: caller.user?.id ?? null,
      user_name: caller.user?.name ?? "",
      create_date: now,
      update_date: now,
    });
    return { data: commentView(comment) };
  },

  delete_client_comment({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    const comment = state.comments.get(idParam(params, "comment_id"));
    if (!comment || comment.client_id !== client.id) throw notFound("Comment");
    state.comments.delete(comment.id);
    return { data: null };
  },

  get_client_file_list({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    return { data: state.files.where((f) => f.client_id === client.id).map(fileView) };
  },

  upload_client_file(input) {
    const { state, params, caller } = input;
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    const part = requireFile(input, "file");
    const file = state.files.insert({
      location_id: client.location_id,
      client_id: client.id,
      name: part.name,
      mime: part.type || "application/octet-stream",
      size: part.size,
      user_name: caller.user?.name ?? "",
      create_date: nowDateTime(),
    });
    return { data: [fileView(file)] };
  },

  delete_client_file({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "client_id"));
    const file = state.files.get(idParam(params, "file_id"));
    if (!file || file.client_id !== client.id) throw notFound("File");
    state.files.delete(file.id);
    return { data: null };
  },

  upload_image(input) {
    const { state, params, body } = input;
    const part = requireFile(input, "image");
    const mime = /^image\//.test(part.type) ? part.type : part.sniffedImageType;
    if (mime === "") {
      throw invalid({ image: ["The image must be an image file (image/*)"] });
    }
    const fields = asRecord(body);
    const entity = String(params.entity);
    const entityId = Number(fields.master_id ?? fields.service_id ?? fields.company_id ?? 0);
    const image = state.images.insert({
      entity,
      entity_id: entityId,
      name: part.name,
      mime,
      size: part.size,
    });
    const group = {
      id: image.id,
      entity,
      entity_id: entityId,
      image_binded: entityId > 0,
      image_group: {},
      images: {
        id: image.id,
        image_group_id: image.id,
        path: `https://example.com/images/${entity}/${image.id}/${encodeURIComponent(part.name)}`,
        type: mime,
        version: "origin",
        width: 0,
        height: 0,
      },
    };
    return { data: { image_group: group } };
  },
};
