/** The message log's last URL per application, so "back" from a message keeps the filters. */
const last = new Map<string, string>();

export const rememberLog = (app: string, href: string) => last.set(app, href);
export const lastLog = (app: string) => last.get(app) ?? `/apps/${encodeURIComponent(app)}/messages`;
