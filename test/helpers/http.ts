/** In-process HTTP helpers for server tests: keyed calls, uploads, readiness. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitReady(app: FastifyInstance): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return;
    await sleep(50);
  }
  throw new Error('the server was not ready after 30 s');
}

/** A multipart/form-data body with one file field, as curl -F sends it. */
export function multipart(filename: string, content: string | Buffer, field = 'file') {
  const boundary = `----sanad-test-${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls an in-process server with one API key. */
export class KeyClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly key: string,
  ) {}

  call(method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { authorization: `ApiKey ${this.key}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  /** The JSON body of a call that must answer `status`. */
  async ok<T>(method: Method, url: string, payload?: unknown, status = 200): Promise<T> {
    const r = await this.call(method, url, payload);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
    return r.json<T>();
  }

  upload(url: string, filename: string, content: string | Buffer) {
    const body = multipart(filename, content);
    return this.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `ApiKey ${this.key}`, ...body.headers },
      payload: body.payload,
    });
  }
}
