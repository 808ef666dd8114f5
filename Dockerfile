# The project's image: the web app, the Prefect worker and `duthao` commands all run from it.
# Debian bookworm, so the pins in scripts/debian-packages.txt apply.

# htmx is served locally (no CDN): fetched by npm from package-lock.json, as `make setup` does.
FROM node:20-bookworm-slim AS static
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --silent

# PyICU builds from source against libicu: compilers stay in this stage only.
FROM python:3.11-slim-bookworm AS build
ENV UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends build-essential libicu-dev pkg-config \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# Editable (the default): models/migrate.py finds alembic.ini and migrations/ beside the code.
RUN uv sync --locked --no-dev

FROM python:3.11-slim-bookworm
# Runtime libraries only: ICU for collation, Liberation fonts for the PDFs (typst).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libicu72 fonts-liberation2 \
      curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 duthao
WORKDIR /app
COPY --from=build /app /app
COPY --from=static /src/node_modules/htmx.org/dist/htmx.min.js /app/web/static/vendor/htmx.min.js
RUN mkdir -p /data && chown duthao /data
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DUTHAO_DATA_DIR=/data \
    PREFECT_HOME=/data/prefect \
    PREFECT_SERVER_ANALYTICS_ENABLED=false
USER duthao
EXPOSE 8000
CMD ["duthao", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
