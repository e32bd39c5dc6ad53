# syntax=docker/dockerfile:1
# sanad's image: one image for the API (`sanad serve`), the queue workers (`sanad worker`) and
# the operator's commands (`docker compose run --rm api-1 keys create ...`).
#
# Two stages on the same Debian base, so that better-sqlite3's native addon, compiled in the
# first, links against the glibc of the second. `npm run check:deploy` lints this file and
# `npm run check:deploy -- --build` runs its COPY and RUN steps as a script, in this order,
# in a temporary copy of the repository (docs/operations.md).
#
# Build: docker build -t sanad:0.1.0 .
# Node is pinned to the version the checks ran on; any 20.19+ release of Node 20 works.
ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS build
# node-gyp compiles better-sqlite3 when no prebuilt addon can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The lockfile alone first: the dependency layer is rebuilt only when it changes.
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own "prepare" (the build) cannot run before the sources are
# here; the two dependencies that need their install scripts (package.json "allowScripts")
# run them next.
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY scripts/bundle.mjs scripts/
COPY src src
COPY web web
# Then only what runs is kept: the production dependencies, and of better-sqlite3 its addon
# without the SQLite sources and object files it was compiled from (30 MB).
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force \
  && mv node_modules/better-sqlite3/build/Release/better_sqlite3.node . \
  && rm -rf node_modules/better-sqlite3/build node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
  && mkdir -p node_modules/better-sqlite3/build/Release \
  && mv better_sqlite3.node node_modules/better-sqlite3/build/Release/

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# tini as PID 1: it forwards SIGTERM to node (which closes the server and the store cleanly)
# and reaps orphans. Without it, `docker run --init` does the same.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 sanad \
  && useradd --system --uid 10001 --gid sanad --home-dir /var/lib/sanad --shell /usr/sbin/nologin sanad \
  && mkdir -p /var/lib/sanad \
  && chown sanad:sanad /var/lib/sanad \
  && chmod 0700 /var/lib/sanad
WORKDIR /app
ENV NODE_ENV=production \
  SANAD_HOME=/var/lib/sanad
# The program stays root's and read-only to the service; only SANAD_HOME is the service's.
COPY --chown=root:root package.json NOTICE.md ./
COPY --chown=root:root bin bin
COPY --chown=root:root data data
COPY --chown=root:root deploy/healthcheck.mjs deploy/healthcheck.mjs
COPY --from=build --chown=root:root /app/dist dist
COPY --from=build --chown=root:root /app/node_modules node_modules
USER sanad:sanad
EXPOSE 8000
# Liveness: the process answers. Readiness (/readyz: the index is loaded) is for the load
# balancer. A worker has no HTTP listener: compose.yaml turns this check off for the workers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "deploy/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/sanad.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
