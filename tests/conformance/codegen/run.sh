#!/bin/sh
# graphql-codegen conformance: generate TypeScript from gql/schema.graphql and the
# documents here (typescript + typescript-operations plugins, and the client preset), then
# compile it all with tsc --strict. Fails on any error. tests/conformance/run.sh calls it.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
rm -rf generated
npx --no-install graphql-codegen --config codegen.ts --silent
npx --no-install tsc -p tsconfig.json
echo "codegen: typescript + typescript-operations and client preset compile under tsc --strict"
