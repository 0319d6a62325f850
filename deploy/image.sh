#!/bin/sh
# The build steps of Herald's image, one per stage of the Dockerfile. The Dockerfile runs them, and so does
# apps/server/test/processes-image.test.ts (without Docker, in a clean copy of the repository), so what CI
# checks is what the image does. Run from the repository root (the image's /app).
#
#   deploy/image.sh dashboard   all dependencies, then the dashboard built once (apps/dashboard/dist)
#   deploy/image.sh prod-deps   production dependencies only (no Vite, no embedded PostgreSQL binaries)
#   deploy/image.sh check       what the runtime stage starts from: the server's entry point and the dashboard
set -eu

case "${1:-}" in
  dashboard)
    # --ignore-scripts: no postinstall here, the build is the next step, explicitly
    npm ci --ignore-scripts --no-audit --no-fund
    npm run build -w @herald/dashboard
    ;;
  prod-deps)
    # --omit=optional leaves out the embedded PostgreSQL (the image runs against DATABASE_URL) and squawk
    # (the npm cache stays in this stage: the runtime stage copies /app only)
    npm ci --omit=dev --omit=optional --no-audit --no-fund
    ;;
  check)
    test -f apps/server/src/main.ts
    test -f apps/dashboard/dist/index.html
    test -d node_modules/fastify
    if [ -e node_modules/vite ]; then echo "image.sh check: devDependencies in the runtime image" >&2; exit 1; fi
    ;;
  *)
    echo "usage: deploy/image.sh dashboard|prod-deps|check" >&2
    exit 2
    ;;
esac
