// The web-pages bench's load generator, run as its own process (bench/web-pages.ts forks it) so none of its CPU is
// counted as the server's: `clients` closed-loop clients (no think time), each on its own keep-alive connection of
// a node:http Agent, cycling through `urls` with a browser's Accept-Encoding. A body is read to its end but not
// decompressed (a browser's decompression is the browser's cost, not the server's); a status other than 200 fails
// the run. Timings are from the request's start to the body's last byte, after `warmup` untimed requests per client.
import { Agent, request } from 'node:http';

export interface LoadRequest {
  urls: string[];
  clients: number;
  requests: number;
  warmup: number;
}

export type LoadAnswer = { times: number[] } | { error: string };

function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function runLoad({ urls, clients, requests, warmup }: LoadRequest): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const times: number[] = [];
  let next = 0;
  async function client(): Promise<void> {
    for (let i = 0; i < warmup + requests; i++) {
      const url = urls[next++ % urls.length] as string;
      const t = process.hrtime.bigint();
      await get(agent, url);
      if (i >= warmup) times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  try {
    await Promise.all(Array.from({ length: clients }, client));
  } finally {
    agent.destroy();
  }
  return times;
}

// Forked by the bench: one LoadRequest per message, one LoadAnswer back.
if (process.send) {
  process.on('message', (msg: LoadRequest) => {
    runLoad(msg).then(
      (times) => process.send?.({ times } satisfies LoadAnswer),
      (err: unknown) => process.send?.({ error: String(err) } satisfies LoadAnswer),
    );
  });
}
