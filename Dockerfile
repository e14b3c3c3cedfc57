# Airbyte source connector for Nulab Backlog.
#   docker build -t source-backlog/source-backlog:0.1.0 .
# The tag and labels follow metadata.yaml (dockerRepository, dockerImageTag) and package.json.

FROM node:20-bookworm-slim AS build
WORKDIR /build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY source-backlog ./source-backlog
# prune leaves the emptied scope folders (@babel, @jest, ...) behind. The optional DuckDB client
# serves only the local `sync` command, which the image never runs.
RUN npm run build \
  && npm prune --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && find node_modules -depth -type d -empty -delete

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# Airbyte runs connectors as the user airbyte, which must own a writable /airbyte.
RUN groupadd --system airbyte \
  && useradd --system --gid airbyte --home-dir /airbyte --shell /usr/sbin/nologin airbyte \
  && mkdir -p /airbyte \
  && chown airbyte:airbyte /airbyte
# The code itself stays root-owned: the connector only reads it.
WORKDIR /airbyte/integration_code
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist/source-backlog ./dist/source-backlog
COPY schemas ./schemas
COPY scripts/container/entrypoint.sh ./scripts/container/entrypoint.sh

# The platform may run the connector from another working directory: absolute paths only.
ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/scripts/container/entrypoint.sh"
ENTRYPOINT ["/airbyte/integration_code/scripts/container/entrypoint.sh"]

LABEL io.airbyte.name="source-backlog/source-backlog" \
      io.airbyte.version="0.1.0"
USER airbyte
