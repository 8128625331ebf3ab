// A TCP proxy between a server under test and PostgreSQL, to stage network failures on the same
// port (the server keeps its configuration): a cut (connections reset, new ones refused) and a
// partition (nothing gets through, nothing is refused), each followed by a restore.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Resets every open connection and stops listening: connecting is refused. */
  cut(): Promise<void>;
  /** Lets nothing through: open connections stall, new ones are accepted and never answered. */
  partition(): Promise<void>;
  /** Forwards again: stalled connections resume, connections held during a partition are reset. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<Pair>();
  const held = new Set<net.Socket>();
  let partitioned = false;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset is the point of the exercise; it must not become an uncaught error here.
    socket.on('error', () => socket.destroy());
  };
  const forward = ({ client, upstream }: Pair) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const stall = ({ client, upstream }: Pair) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };

  const server = net.createServer((client) => {
    track(client);
    if (partitioned) {
      held.add(client);
      client.once('close', () => held.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const pair = { client, upstream };
    pairs.add(pair);
    forward(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end);
    upstream.once('close', end);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen(0);
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    async cut() {
      partitioned = false;
      const closed = stopListening();
      destroyAll();
      await closed;
    },
    async partition() {
      partitioned = true;
      for (const pair of pairs) stall(pair);
      if (!server.listening) await listen(port);
    },
    async restore() {
      partitioned = false;
      for (const socket of held) socket.destroy();
      for (const pair of pairs) forward(pair);
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      destroyAll();
      await closed;
    },
  };
}
