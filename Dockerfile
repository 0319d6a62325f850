# syntax=docker/dockerfile:1
# Herald's production image. Three stages; each build step is a command of deploy/image.sh, which CI runs
# without Docker in a clean copy of the repository (apps/server/test/processes-image.test.ts).
#
#   docker build -t herald .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=postgres://... herald            # api + worker
#   docker run --rm -e DATABASE_URL=postgres://... herald worker                   # one role
#
# The image runs against DATABASE_URL (there is no embedded PostgreSQL in it), as the user `node`, with tini
# as PID 1 so SIGTERM reaches Herald's graceful shutdown. The root file system may be read-only.

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. The dashboard, built once here (Vite is a devDependency), not at every container start.
FROM ${NODE_IMAGE} AS dashboard
WORKDIR /app
COPY . .
RUN deploy/image.sh dashboard

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY . .
RUN deploy/image.sh prod-deps

# 3. The runtime: sources, production node_modules and the built dashboard.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prod-deps /app /app
COPY --from=dashboard /app/apps/dashboard/dist /app/apps/dashboard/dist
RUN deploy/image.sh check
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "apps/server/src/main.ts"]
CMD ["start"]
