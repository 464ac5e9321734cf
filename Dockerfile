# syntax=docker/dockerfile:1
#
# One image for the whole federation: the four subgraphs and the gateway.
# The service is chosen by the command (docker-compose.yml sets it), e.g.
#   docker run ... tinnhiem:local node subgraphs/party/dist/main.js
# Default command: the gateway.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: only package.json files and the lockfile, so the `npm ci`
# layers below are rebuilt only when dependencies change (works for any
# workspace list, without naming each workspace here).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -depth -type d -empty -delete

# --- build: full dependencies (typescript is a devDependency), `tsc -b`.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -b \
 && mkdir /out \
 && find . -name node_modules -prune -o \( -type d -name dist -o -type f -name supergraph.graphql \) -print \
    | tar -cf - -T - | tar -xf - -C /out \
 && find /out -name '*.tsbuildinfo' -delete

# --- prod-deps: production dependencies only (npm ci --omit=dev).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: manifests + production node_modules + compiled dist folders.
# Files stay owned by root (read-only for the app); the process runs as `node`.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /out ./
USER node
EXPOSE 4000 4001 4002 4003 4004
# Apollo Server 5 has no /.well-known/apollo/server-health endpoint (removed in
# Apollo Server 4), and a subgraph refuses GraphQL requests the gateway did not
# sign, so every service answers GET /health itself: no token, no signature, no
# database, no subgraph.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "gateway/dist/main.js"]
