// What the command line prints to a newcomer: the migration's own report, without the Prisma CLI's
// warning about the schema's placeholder datasource url.
import { createDatabase, runCli } from './support/databases';

test('migrate reports the migrations and leaves out the datasource url warning', async () => {
  const database = await createDatabase('empty');
  const result = runCli(['migrate'], database);
  expect(result.status).toBe(0);
  expect(result.output).toMatch(/migrations found in prisma\/migrations/);
  expect(result.output).not.toMatch(/WARNING|datasource properties|remove those properties/);
});
