// A loopback TCP proxy the tests control: forwards to a target port and can cut every connection
// at a chosen moment — e.g. right after the server sent the reply to COMMIT, before the client
// reads it (the server committed; the client cannot know).
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Cut the connection when the server→client stream contains these bytes (that chunk is not forwarded). */
  cutWhenServerSends(marker: Buffer | string, times?: number): void;
  /** How many cuts happened. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let marker: Buffer | undefined;
  let remaining = 0;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (marker && remaining > 0 && chunk.includes(marker)) {
        remaining -= 1;
        cuts += 1;
        cut();
        return;
      }
      client.write(chunk);
    });
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cutWhenServerSends(bytes, times = 1) {
      marker = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      remaining = times;
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
