# design-kb API image. Build: docker build -t design-kb .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# npm ci runs the project's postinstall (prisma generate, graphql-codegen).
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Applies pending migrations, seeds an empty database, then serves.
CMD ["node", "bin/design-kb.js", "start"]
