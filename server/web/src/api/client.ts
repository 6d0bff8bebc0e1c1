// Every call the UI makes goes through here: the public HTTP API, with the token as a bearer.
import type { ApiErrorBody } from './types';

/** The server's `{error: {code, message, details}}`, or a network failure (code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export class Api {
  constructor(
    private readonly token: string | null,
    private readonly onUnauthorized: (e: ApiError) => void,
  ) {}

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.call<T>('GET', path + queryString(query), undefined, signal);
  }

  /** A text answer (a DOT or Mermaid export). */
  text(path: string, query?: Query): Promise<string> {
    return this.call<string>('GET', path + queryString(query), undefined, undefined, true);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  /** The WebSocket URL of the event stream (a browser cannot send headers there). */
  eventsUrl(query: Query): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/api/v1/ws/events` + queryString({ ...query, token: this.token });
  }

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, asText = false): Promise<T> {
    const headers: Record<string, string> = { Accept: asText ? 'text/plain, */*' : 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch('/api/v1' + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
    }
    if (response.ok) return (asText ? await response.text() : await response.json()) as T;
    const error = await errorOf(response);
    if (response.status === 401) this.onUnauthorized(error);
    throw error;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  try {
    const body = (await response.json()) as ApiErrorBody;
    const { code, message, details } = body.error;
    return new ApiError(response.status, code, message, details ?? null, retryAfter);
  } catch {
    return new ApiError(response.status, 'HTTP_' + response.status, response.statusText || 'request failed', null, retryAfter);
  }
}

function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? '?' + text : '';
}
