#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine, using Debian's
# docker-compose v1 (installed with apt-get when missing and running as root),
# and checks that every service of the architecture is defined.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing docker-compose (Debian package) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  else
    echo "docker-compose (v1) is missing: install Debian's docker-compose package, or run as root" >&2
    exit 2
  fi
fi

# Dummy secrets so ${JWT_SECRET:?...}, the ballot keys and the subgraph secrets interpolate; never used to run anything.
export JWT_SECRET="${JWT_SECRET:-validation-only-dummy-secret-0123456789}"
for agency in PARTY COUNCIL COMMITTEE; do
  export "${agency}_BALLOT_KEY=${agency}-validation-only-dummy-ballot-key-0123456789"
done
for subgraph in PARTY COUNCIL COMMITTEE BOARD; do
  export "${subgraph}_SUBGRAPH_SECRET=${subgraph}-validation-only-dummy-subgraph-secret-0123456789"
done

docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid ($(docker-compose version --short))"

services="$(docker-compose -f docker-compose.yml config --services)"
missing=0
for s in party council committee board gateway party-db council-db committee-db board-db; do
  grep -qx "$s" <<<"$services" || { echo "missing service: $s" >&2; missing=1; }
done
[ "$missing" -eq 0 ] || exit 1
echo "services: $(tr '\n' ' ' <<<"$services")"

# Clients call the gateway only: no other service may publish a port.
published="$(docker-compose -f docker-compose.yml config | awk '/^  [a-z0-9-]+:$/ {s=$1} /^    ports:/ {print s}' | tr -d ':' | xargs)"
[ "$published" = gateway ] || { echo "only the gateway may publish ports (found: ${published:-none})" >&2; exit 1; }
echo "published ports: gateway only"
