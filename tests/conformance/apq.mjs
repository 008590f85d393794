// Apollo Automatic Persisted Queries with Apollo Client's own link against a running
// /graphql: the first client sends the hash alone, gets PersistedQueryNotFound, resends
// with the document; a second client (fresh link) then gets data from the hash alone,
// over GET (useGETForHashedQueries). Exits 1 unless the wire shows exactly that.
//
// Usage: node apq.mjs http://127.0.0.1:8000/graphql
import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';

const url = process.argv[2];
if (!url) {
  console.error('usage: node apq.mjs <url of /graphql>');
  process.exit(2);
}

const wire = [];
async function recordingFetch(input, init) {
  const response = await fetch(input, init);
  const body = init?.body ? JSON.parse(init.body) : null;
  const sent = body ?? Object.fromEntries(new URL(String(input)).searchParams);
  wire.push({
    method: init?.method ?? 'GET',
    hasQuery: Boolean(sent.query),
    hasHash: JSON.stringify(sent.extensions ?? '').includes('sha256Hash'),
    status: response.status,
  });
  return response;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const client = () =>
  new ApolloClient({
    cache: new InMemoryCache(),
    link: createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
      new HttpLink({ uri: url, fetch: recordingFetch }),
    ),
  });

// a document nobody else sends, so the server cannot know its hash yet
const QUERY = gql`query ApqProbe${Date.now()} { __typename }`;

const first = await client().query({ query: QUERY, fetchPolicy: 'network-only' });
const second = await client().query({ query: QUERY, fetchPolicy: 'network-only' });

console.log(JSON.stringify(wire));
const expected = [
  { method: 'GET', hasQuery: false, hasHash: true, status: 200 }, // PersistedQueryNotFound
  { method: 'POST', hasQuery: true, hasHash: true, status: 200 }, // registered and run
  { method: 'GET', hasQuery: false, hasHash: true, status: 200 }, // the hash alone runs it
];
const ok =
  first.data?.__typename === 'Query' &&
  second.data?.__typename === 'Query' &&
  JSON.stringify(wire) === JSON.stringify(expected);
console.log(`Apollo persisted-query round trip: ${ok ? 'ok' : 'FAILED'}`);
process.exit(ok ? 0 : 1);
