# The EFRP bot as a container image: `docker build -t efrp .` (compose.yaml runs it beside PostgreSQL).
# CI cannot build images, so .ci/run lints this file with hadolint and replays the build stage (its COPY,
# ENV, WORKDIR and RUN steps) in a fresh virtual environment: keep the install steps in that stage.
# Operations (upgrades, backups, token rotation): docs/operations.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the package and its locked dependencies in a virtual environment ---------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/efrp
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY templates ./templates
# Exactly the versions in requirements.lock, each checked against its hash; then the app itself, adding
# nothing the lock does not list.
RUN python -m venv "$VIRTUAL_ENV" \
    && "$VIRTUAL_ENV/bin/pip" install --require-hashes --no-deps -r requirements.lock \
    && "$VIRTUAL_ENV/bin/pip" install --no-deps . \
    && "$VIRTUAL_ENV/bin/pip" check

# --- runtime: the virtual environment only, run by an unprivileged user -----------------------------
FROM ${PYTHON_IMAGE}
ENV PATH=/opt/efrp/bin:$PATH \
    VIRTUAL_ENV=/opt/efrp \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib
# WeasyPrint (PDF exports) draws text with Pango and HarfBuzz; DejaVu is the exports' font. Versions come
# with the base image's Debian release, and security updates with each rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 efrp \
    && useradd --system --uid 10001 --gid efrp --home-dir /var/lib/efrp --create-home \
       --shell /usr/sbin/nologin efrp
COPY --from=build /opt/efrp /opt/efrp
USER 10001:10001
# The default sqlite:///efrp.db lives here (mount a volume); in compose the database is PostgreSQL.
WORKDIR /var/lib/efrp
EXPOSE 3000
# /healthz answers 200 while the database answers, 503 otherwise (urlopen raises, so the check fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
ENTRYPOINT ["efrp"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
