// `prisma migrate deploy` as a child of the CLI that never outlives it: when the CLI is gone
// (killed with SIGKILL, which it cannot forward), this process is re-parented and kills itself,
// so it stops holding the embedded database's lock or a PostgreSQL connection.
import Module from 'node:module';

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 100).unref();

// The Prisma CLI runs only as the main module: load it as such, in this process.
const prismaCli = require.resolve('prisma/build/index.js');
process.argv = [process.execPath, prismaCli, 'migrate', 'deploy'];
(Module as unknown as { runMain(): void }).runMain();
