#!/usr/bin/env bash
# Regenerates the expected outputs of AmplifyParityTest with Amplify's own transformer (Node 20).
# Run from this directory; node_modules stays here and is never committed (.gitignore).
#   ./generate.sh            every schema the test compares
#   ./generate.sh NAME...    only these (sample, an example name, or a parity/ schema name)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
resources="$here/../resources"
examples="$here/../../../../examples"
[ -d node_modules ] || npm install --no-audit --no-fund
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=(sample chat inventory fleet storefront)
  for f in "$resources"/parity/*.graphql; do names+=("$(basename "$f" .graphql)"); done
fi
for name in "${names[@]}"; do
  if [ "$name" = sample ]; then src="$resources/sample/schema.graphql"
  elif [ -f "$resources/parity/$name.graphql" ]; then src="$resources/parity/$name.graphql"
  else src="$examples/$name/schema.graphql"; fi
  tmp=$(mktemp)
  # Cairn's own @conflict is not Amplify's; everything else is the same dialect.
  sed -E 's/@conflict\([^)]*\)//g' "$src" > "$tmp"
  node generate.js "$tmp" > "$resources/amplify/$name.graphql"
  rm -f "$tmp"
  echo "amplify/$name.graphql"
done
