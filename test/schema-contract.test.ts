// The schema is a contract: the committed schema.graphql is what the code builds, and the server
// serves it at /schema.graphql.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema as buildFromSdl } from 'graphql';
import { buildSchema } from '../src/server/schema';
import { printContract } from '../src/server/schema-contract';
import { startTestServer, type TestServer } from './support/server';

const committed = fs.readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ template: 'empty' });
});
afterAll(() => server?.stop());

test('the committed schema.graphql is the schema the code builds (npm run schema:print)', () => {
  expect(printContract(buildSchema())).toBe(committed);
  // It is a complete document a client can build a schema from.
  expect(buildFromSdl(committed).getQueryType()?.getFields()).toHaveProperty('recommendAlgorithms');
});

test('GET /schema.graphql serves the contract as text, cacheable', async () => {
  const response = await fetch(`${server.baseUrl}/schema.graphql`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(response.headers.get('cache-control')).toMatch(/public/);
  expect(await response.text()).toBe(committed);
});
