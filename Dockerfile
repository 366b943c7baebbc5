# syntax=docker/dockerfile:1
# Firebreak's image. The daemon runs its TypeScript through tsx (a production dependency), so nothing is built:
# the final stage installs the production dependencies only and copies the sources.
#   docker build -t firebreak .                  the image (final stage: runtime)
#   docker build --target check .                type-checks the sources with the dev dependencies
#   docker run -p 8080:8080 -e REDIS_URL=... -e DATABASE_URL=... firebreak serve --role api|worker|all
ARG NODE_IMAGE=node:20-bookworm-slim

# --- base: Node and tini, the init that forwards SIGTERM to Node and reaps zombies ------------------------------
FROM ${NODE_IMAGE} AS base
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# --- check: the type-check CI runs, inside the image's toolchain ------------------------------------------------
FROM base AS check
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit

# --- runtime: production dependencies, sources, non-root ---------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    FIREBREAK_PLAYBOOKS_DIR=/app/playbooks \
    FIREBREAK_DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
# Sources and the default playbooks (.dockerignore lets nothing else in). The Helm chart can mount other
# playbooks and point FIREBREAK_PLAYBOOKS_DIR at them.
COPY . .
# The embedded store (one machine, no DATABASE_URL) writes here; everything else in the image stays read-only.
RUN mkdir -p /data && chown 1000:1000 /data
# The base image's "node" user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful shutdown: stop taking requests, finish in-flight jobs, close Redis and PostgreSQL.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "src/cli/bin.mjs"]
CMD ["serve", "--role", "all"]
