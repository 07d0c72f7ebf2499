// The operator API client. The token lives in this tab's session storage only.
const storageKey = 'reliabilitymcp.token';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(storageKey); },
  set token(value) { value ? sessionStorage.setItem(storageKey, value) : sessionStorage.removeItem(storageKey); },
};

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? safeParse(text) : null;
  if (!response.ok) {
    const detail = data && (data.detail || data.message || data.title || data.error) || text || response.statusText;
    throw new ApiError(response.status, `${response.status}: ${detail}`, data);
  }
  return data;
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return { detail: text }; }
}
