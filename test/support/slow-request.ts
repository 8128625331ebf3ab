// A request whose body arrives in two parts, on its own connection: the server has it in flight
// for as long as the test waits before sending the rest.
import http from 'node:http';

export interface SlowRequest {
  /** Sends the rest of the body. */
  finish(): void;
  /** The answer; rejects when the server cuts the connection. */
  response: Promise<{ status: number; body: string }>;
}

/** Sends the headers and the first half of a GraphQL request's body, then waits. */
export async function startSlowRequest(baseUrl: string, query: string): Promise<SlowRequest> {
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  const request = http.request(`${baseUrl}/graphql`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.once('error', reject);
    });
  });
  // Keep a cut connection from surfacing as an unhandled rejection before the test awaits it.
  response.catch(() => undefined);
  await new Promise<void>((resolve) => request.write(body.subarray(0, half), () => resolve()));
  // Loopback delivers at once; a moment more lets the server parse the headers and start the request.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    finish: () => request.end(body.subarray(half)),
    response,
  };
}
