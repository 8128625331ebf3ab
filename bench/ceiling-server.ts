// The ceiling for the mixed workload: a bare node:http server answering each recorded request
// body with the bytes the real server gave for it. Usage: tsx ceiling-server.ts <responses.json>
// Prints "listening on <port>" once ready.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.argv[2] ?? '';
const responses = new Map(
  Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>),
);
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = responses.get(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body ?? '{}');
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
