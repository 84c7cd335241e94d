#!/bin/sh
# Writes the host names of the public MPP services registry as a domain list for `mpp-census scan`.
#
#   curl -fsSL -o services.ts https://raw.githubusercontent.com/tempoxyz/mpp/main/schemas/services.ts
#   scripts/mpp-registry.sh services.ts [SOURCE] > samples/mpp-registry.txt
#
# services.ts (repository tempoxyz/mpp) defines one object per service; this takes the host of each
# service's `url` (the provider) and `serviceUrl` (where the service is reached through MPP), with the
# registry's ${MPP_REALM} constant expanded, and prints them sorted and deduplicated under a header
# saying where they came from. SOURCE (default: the file name) goes into the header, e.g. the commit it was read at.
set -eu
file=${1:?usage: scripts/mpp-registry.sh services.ts [SOURCE]}
source=${2:-read from $file}
realm=$(sed -n 's/^export const MPP_REALM = "\([^"]*\)";.*/\1/p' "$file")
: "${realm:?no MPP_REALM constant in $file}"
hosts=$(grep -E '^    (url|serviceUrl): ' "$file" \
    | sed -e "s/\${MPP_REALM}/$realm/" -e 's/^[^"`]*["`]https\{0,1\}:\/\/\([^/:"`]*\).*$/\1/' \
    | tr 'A-Z' 'a-z' | sort -u)
services=$(grep -cE '^    id: ' "$file")
cat <<EOF
# Hosts of the public MPP services registry: the provider (url) and MPP (serviceUrl) host of each of
# its $services services, $(printf '%s\n' "$hosts" | wc -l | tr -d ' ') distinct names.
# Source: schemas/services.ts of github.com/tempoxyz/mpp, $source
# Generated: $(date -u +%Y-%m-%d) by scripts/mpp-registry.sh; regenerate with:
#   curl -fsSL -o services.ts https://raw.githubusercontent.com/tempoxyz/mpp/main/schemas/services.ts
#   scripts/mpp-registry.sh services.ts > samples/mpp-registry.txt
EOF
printf '%s\n' "$hosts"
