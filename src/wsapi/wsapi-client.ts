import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CodedError } from '../errors/coded-error';

export enum WsapiErrorCode {
  /** 5xx, 429, timeouts and network errors: worth retrying later. */
  Retryable = 'WSAPI_RETRYABLE',
  /** 4xx other than 429: retrying the same request will not help. */
  Rejected = 'WSAPI_REJECTED',
  NotConfigured = 'WSAPI_NOT_CONFIGURED',
}

export class WsapiRequestError extends CodedError<WsapiErrorCode> {
  constructor(
    code: WsapiErrorCode,
    message: string,
    /** WSAPI's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(code, message);
  }

  get retryable(): boolean {
    return this.code === WsapiErrorCode.Retryable;
  }
}

export interface WsapiRequestOptions {
  /** A different key than WSAPI_API_KEY, e.g. the account-level key for /account/* calls. */
  apiKey?: string;
  /** Sent as a JSON body (POST /chats/{chatId}/messages takes one). */
  body?: unknown;
}

export interface WsapiResponse<T> {
  status: number;
  body: T;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * WSAPI's REST API (shared/wsapi/README.md §4): every instance call carries X-Api-Key and
 * X-Instance-Id; /account calls carry the key only. Errors come back as WsapiRequestError with
 * the status and WSAPI's `detail`, classified as retryable or not.
 */
@Injectable()
export class WsapiClient {
  constructor(private readonly config: AppConfig) {}

  get<T>(path: string, instanceId?: string, options: WsapiRequestOptions = {}): Promise<WsapiResponse<T>> {
    return this.request<T>('GET', path, instanceId, options);
  }

  post<T>(path: string, instanceId?: string, options: WsapiRequestOptions = {}): Promise<WsapiResponse<T>> {
    return this.request<T>('POST', path, instanceId, options);
  }

  private async request<T>(method: string, path: string, instanceId: string | undefined, options: WsapiRequestOptions): Promise<WsapiResponse<T>> {
    const apiKey = options.apiKey ?? this.config.WSAPI_API_KEY;
    if (!apiKey) throw new WsapiRequestError(WsapiErrorCode.NotConfigured, 'WSAPI_API_KEY is not set');
    const headers: Record<string, string> = { 'X-Api-Key': apiKey, Accept: 'application/json' };
    if (instanceId !== undefined) headers['X-Instance-Id'] = instanceId;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const url = new URL(path.replace(/^\//, ''), this.config.WSAPI_BASE_URL.replace(/\/?$/, '/'));
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new WsapiRequestError(WsapiErrorCode.Retryable, `${method} ${path} failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    const answer = parseJson(text);
    if (response.ok) return { status: response.status, body: answer as T };
    const detail = typeof answer === 'object' && answer !== null && 'detail' in answer ? String((answer as { detail: unknown }).detail) : text.slice(0, 300);
    const retryable = response.status >= 500 || response.status === 429;
    throw new WsapiRequestError(
      retryable ? WsapiErrorCode.Retryable : WsapiErrorCode.Rejected,
      `${method} ${path} answered ${response.status}: ${detail}`,
      response.status,
    );
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
