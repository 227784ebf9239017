# syntax=docker/dockerfile:1
# One image for every Marquee process. Build once, run any app with its command, e.g.
#   docker run marquee node dist/apps/users/users.js
# The video worker uses the `video` target, which adds ffmpeg.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-fund --no-audit \
 && node scripts/build.mjs \
 && npm prune --omit=dev --no-fund --no-audit

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
# Each service listens on $PORT; /health answers while the process is alive.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM

FROM runtime AS video
USER root
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
USER node
