// graphql-codegen over the checked-in schema and the documents here, the two setups
// frontend teams use: the `typescript` + `typescript-operations` plugins (one file) and
// the client preset (typed documents + fragment masking). run.sh compiles both with
// `tsc --strict`. Scalars: see docs/graphql.md "Codegen" (why `scalars` is spelled out).
import type { CodegenConfig } from "@graphql-codegen/cli";

const scalars = {
  Date: "string",
  DateTime: "string",
  Upload: "File",
};

const config: CodegenConfig = {
  schema: "../../../gql/schema.graphql",
  documents: ["documents/**/*.graphql"],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    // typescript-operations 6 writes the enums and inputs its operations use by itself, so
    // the two plugins go to two files (in one file each would declare them twice).
    "generated/plugins/schema.ts": {
      plugins: ["typescript"],
      config: { scalars, strictScalars: true },
    },
    "generated/plugins/operations.ts": {
      plugins: ["typescript-operations"],
      config: { scalars, strictScalars: true },
    },
    "generated/client/": {
      preset: "client",
      config: { scalars, strictScalars: true },
    },
  },
};

export default config;
