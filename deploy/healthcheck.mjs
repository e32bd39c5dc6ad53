/* global fetch, AbortSignal */
// The container's health check (Dockerfile HEALTHCHECK, compose.yaml): the slim Node image has
// no curl or wget, and node is there anyway. Exit 0 when the URL answers 2xx, 1 otherwise.
// SANAD_HEALTH_URL names the URL (default: this container's /healthz on port 8000); compose
// points the API replicas at /readyz, which answers 503 until the name index is loaded.
const url = process.argv[2] ?? process.env.SANAD_HEALTH_URL ?? 'http://127.0.0.1:8000/healthz';

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) {
    process.stderr.write(`healthcheck: ${url} answered ${response.status}\n`);
    process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`healthcheck: ${url}: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
}
