# kneebot in a container: `docker build -t kneebot .`, then see compose.yaml and docs/deploying.md.
#
# Two stages: the first builds kneebot and its dependencies into a virtual environment; the second
# copies only that environment onto a slim Python, so no compiler or build files ship. The
# sentence-embedding model is inside the package, and the knowledge's embeddings are computed
# here once, so the bot needs no network but Telegram's and starts in a few seconds. It runs as
# an unprivileged user and keeps its state in /var/lib/kneebot (mount a volume there), or in
# PostgreSQL when KNEEBOT_DATABASE_URL is set. tests/test_deployment.py runs the commands below.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/kneebot
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN /opt/kneebot/bin/pip install -c constraints.txt .

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/kneebot --create-home kneebot
COPY --from=build /opt/kneebot /opt/kneebot
ENV PATH=/opt/kneebot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    KNEEBOT_STATE_DB=/var/lib/kneebot/state.sqlite3 \
    KNEEBOT_PICTURES_DIR=/var/lib/kneebot/pictures \
    KNEEBOT_CACHE_DIR=/opt/kneebot/cache \
    KNEEBOT_METRICS_LISTEN=0.0.0.0:9108
# The knowledge's embeddings, computed once into the image (a few seconds at every start otherwise).
RUN kneebot ask "where is SP10" > /dev/null
USER kneebot
WORKDIR /var/lib/kneebot
VOLUME ["/var/lib/kneebot"]
# 8443: the webhook server (webhook mode only); 9108: /metrics, /healthz and /readyz.
EXPOSE 8443 9108
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["kneebot", "health"]
STOPSIGNAL SIGTERM
CMD ["kneebot", "run"]
