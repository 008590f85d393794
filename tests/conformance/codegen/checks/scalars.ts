// Compile-time checks on the generated types (tsc --strict fails if one is wrong): the
// custom scalars come out as the types a client holds (ISO strings, a browser File), not
// `unknown`, and the client preset's documents carry their result and variable types.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

import { useFragment } from "../generated/client/fragment-masking";
import * as client from "../generated/client/graphql";
import * as ops from "../generated/plugins/operations";
import * as schema from "../generated/plugins/schema";

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

// `typescript` plugin: the scalar table.
assertType<Equals<schema.Scalars["Date"]["output"], string>>();
assertType<Equals<schema.Scalars["DateTime"]["output"], string>>();
assertType<Equals<schema.Scalars["Upload"]["input"], File>>();

// `typescript-operations`: a date in a result, a file in variables.
type Row = ops.ClaimListQuery["claims"]["edges"][number]["node"];
assertType<Equals<Row["requestDate"], string>>();
assertType<Equals<Row["responseDeadline"], string | null>>();
assertType<Equals<NonNullable<ops.MemoSendInput["attachment"]>, File>>();
type Notice = ops.NotificationsQuery["notifications"][number];
assertType<Equals<Notice["createdAt"], string>>();

// Client preset: typed documents, unmasked through the fragment helper.
const listDocument: TypedDocumentNode<client.ClaimListQuery, client.ClaimListQueryVariables> =
  client.ClaimListDocument;
void listDocument;
function deadlineOf(
  data: client.ClaimListQuery,
): string | null | undefined {
  const node = data.claims.edges[0]?.node;
  return node ? useFragment(client.ClaimRowFieldsFragmentDoc, node).responseDeadline : undefined;
}
void deadlineOf;
assertType<Equals<NonNullable<client.MemoReplyInput["attachment"]>, File>>();
