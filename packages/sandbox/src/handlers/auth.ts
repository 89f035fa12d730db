/** `POST /auth`: a user token for a configured user's login (phone or email) and password. */
import { SandboxProblem } from "../envelope.js";
import { asRecord, invalid, type HandlerMap } from "./types.js";

export const authHandlers: HandlerMap = {
  authorize_user({ auth, body }) {
    const input = asRecord(body);
    const errors: Record<string, string[]> = {};
    if (typeof input.login !== "string" || input.login === "")
      errors.login = ["The login field is required"];
    if (typeof input.password !== "string" || input.password === "") {
      errors.password = ["The password field is required"];
    }
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const session = auth.login(String(input.login), String(input.password));
    if (!session) throw new SandboxProblem(401, "Incorrect login or password");
    const { user, token } = session;
    return {
      data: {
        id: user.id,
        user_token: token,
        name: user.name,
        phone: user.phone,
        login: user.login,
        email: user.email,
        avatar: "",
        is_approved: true,
        is_email_confirmed: user.email !== "",
      },
    };
  },
};
