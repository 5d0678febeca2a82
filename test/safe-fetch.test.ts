// The server-side fetch under hostile input: the address classifier on every special-purpose form (no
// connections), and safeFetch against local servers that stall, cut the body short, or redirect inward.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isGlobalUnicast, nonPublicReason, parseIPv4, parseIPv6 } from '../src/fetch/address.js';
import { FetchRefused, safeFetch, type FetchOptions } from '../src/fetch/safe-fetch.js';

describe('address classifier', () => {
  test('refuses every special-purpose IPv4 block', () => {
    const refused: [string, string][] = [
      ['0.0.0.0', 'this-network'],
      ['0.1.2.3', 'this-network'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'shared (CGNAT)'],
      ['100.127.255.255', 'shared (CGNAT)'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['192.0.2.1', 'documentation'],
      ['198.51.100.7', 'documentation'],
      ['203.0.113.9', 'documentation'],
      ['198.18.0.1', 'benchmarking'],
      ['198.19.255.255', 'benchmarking'],
      ['192.0.0.8', 'IETF protocol assignment'],
      ['192.88.99.1', '6to4 relay anycast'],
    ];
    for (const [address, reason] of refused) assert.equal(nonPublicReason(address), reason, address);
  });

  test('refuses every special-purpose IPv6 block, in any spelling', () => {
    const refused: [string, string][] = [
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['[::1]', 'loopback'],
      ['::', 'unspecified'],
      ['0::0', 'unspecified'],
      ['::ffff:127.0.0.1', 'IPv4-mapped'],
      ['::ffff:7f00:1', 'IPv4-mapped'],
      ['::FFFF:7F00:1', 'IPv4-mapped'],
      ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped'],
      ['::ffff:8.8.8.8', 'IPv4-mapped'], // refused whatever the embedded address: fetch 8.8.8.8 itself instead
      ['::ffff:0:7f00:1', 'IPv4-translated'],
      ['::ffff:0:127.0.0.1', 'IPv4-translated'],
      ['::7f00:1', 'IPv4-compatible'],
      ['::127.0.0.1', 'IPv4-compatible'],
      ['::8.8.8.8', 'IPv4-compatible'],
      ['64:ff9b::7f00:1', 'NAT64'],
      ['64:ff9b::8.8.8.8', 'NAT64'],
      ['64:ff9b:1::1', 'local-use NAT64'],
      ['64:ff9b:1:ffff::1', 'local-use NAT64'],
      ['2002:7f00:1::1', '6to4'],
      ['2002:808:808::1', '6to4'],
      ['2001::1', 'Teredo'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
      ['2001:20::1', 'ORCHIDv2'],
      ['2001:2f:ffff::1', 'ORCHIDv2'],
      ['2001:10::1', 'ORCHID'],
      ['2001:db8::1', 'documentation'],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation'],
      ['3fff::1', 'documentation'],
      ['3fff:fff::1', 'documentation'],
      ['2001:2::1', 'benchmarking'],
      ['2001:1ff:ffff::1', 'IETF protocol assignment'],
      ['fc00::1', 'unique-local'],
      ['fd12:3456::1', 'unique-local'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['[fe80::1%25eth0]', 'link-local'],
      ['febf::1', 'link-local'],
      ['fec0::1', 'site-local'],
      ['feff::1', 'site-local'],
      ['ff02::1', 'multicast'],
      ['ff05::1:3', 'multicast'],
      ['100::1', 'discard-only'],
      ['100::ffff:ffff:ffff:ffff', 'discard-only'],
      ['5f00::1', 'SRv6 SID'],
      ['4000::1', 'outside global unicast 2000::/3'],
      ['1::1', 'outside global unicast 2000::/3'],
      ['2606:4700::1111%eth0', 'zone-scoped'],
    ];
    for (const [address, reason] of refused) assert.equal(nonPublicReason(address), reason, address);
  });

  test('refuses what is not an address, or not in canonical form', () => {
    for (const text of [
      '',
      'localhost',
      '127.1',
      '0x7f.0.0.1',
      '0177.0.0.1',
      '2130706433',
      '1.2.3.4.5',
      '1.2.3.256',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '1::2::3',
      ':::1',
      ':1::',
      '1:',
      '12345::1',
      '::ffff:127.0.0.256',
      '::1.2.3.4:5',
      '1.2.3.4::',
      '[::1',
      '::1]',
      '::1%',
      '::1%e/th0',
      'g::1',
    ]) {
      assert.equal(nonPublicReason(text), 'not an IP address', JSON.stringify(text));
    }
  });

  test('passes global unicast addresses', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '93.184.216.34',
      '172.32.0.1',
      '100.128.0.1',
      '198.20.0.1',
      '223.255.255.255',
      '2606:4700::1111',
      '2606:4700:4700::1111',
      '[2606:4700::1111]',
      '2a00:1450:4001:80b::200e',
      '2001:4860:4860::8888',
      '2001:200::1', // just past IANA's 2001::/23
      '2003::1', // just past 6to4
      '3fff:1000::1', // just past the 3fff::/20 documentation block
      '3ffe:ffff::1',
    ]) {
      assert.equal(nonPublicReason(address), undefined, address);
      assert.ok(isGlobalUnicast(address), address);
    }
  });

  test('parses every spelling of an IPv6 address to the same words', () => {
    const words = (text: string) => parseIPv6(text)?.words;
    assert.deepEqual(words('::ffff:127.0.0.1'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    assert.deepEqual(words('::ffff:7f00:1'), words('0:0:0:0:0:ffff:7f00:1'));
    assert.deepEqual(words('1:2:3:4:5:6:7::'), [1, 2, 3, 4, 5, 6, 7, 0]);
    assert.deepEqual(words('::2:3:4:5:6:7:8'), [0, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(words('1:2:3:4:5:6:1.2.3.4'), [1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    assert.deepEqual(parseIPv6('[fe80::1%eth0]'), { words: [0xfe80, 0, 0, 0, 0, 0, 0, 1], zone: 'eth0' });
    assert.deepEqual(parseIPv4('192.0.2.1'), [0xc000, 0x0201]);
  });

  test('refuses hostile input without looking at it for long', () => {
    // Behaviour only: a huge input is refused (the length cap returns before any parsing).
    assert.equal(nonPublicReason('1:'.repeat(100_000)), 'not an IP address');
    assert.equal(nonPublicReason(':'.repeat(100_000)), 'not an IP address');
    assert.equal(parseIPv6('0'.repeat(1_000_000)), undefined);
  });
});

/** Only the test servers' own address is let through; every other address is checked as in production. */
const loopbackOnly: FetchOptions = { allowAddressForTests: (ip) => ip === '127.0.0.1', timeoutMs: 2_000 };

async function rejection(promise: Promise<unknown>): Promise<FetchRefused> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FetchRefused, `expected FetchRefused, got ${String(err)}`);
    return err;
  }
  assert.fail('the fetch should have failed');
}

const PAGE = '<!doctype html><title>Ferry</title><p>The ferry resumed on Friday.</p>';

describe('safeFetch', () => {
  let http: Server;
  let raw: TcpServer;
  let httpBase: string;
  let rawBase: string;
  const openSockets = new Set<Socket>();

  before(async () => {
    http = createHttpServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/article') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(PAGE);
      } else if (path === '/stall-headers') {
        // never answers
      } else if (path === '/stall-body') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
        res.write('<p>The first part of the pa'); // and then nothing
      } else if (path === '/stall-chunked') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>The first part of the pa');
      } else if (path === '/short') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
        res.write('<p>The first part of the pa', () => req.socket.destroy());
      } else if (path.startsWith('/to?')) {
        res.writeHead(302, { location: decodeURIComponent(path.slice(4)) });
        res.end();
      } else if (path.startsWith('/loop/')) {
        res.writeHead(301, { location: `/loop/${Number(path.slice(6)) + 1}` });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    // Raw HTTP/1.0-style answers whose body runs until the connection closes, which Node cannot tell from a cut.
    raw = createTcpServer((socket) => {
      openSockets.add(socket);
      socket.on('close', () => openSockets.delete(socket));
      socket.on('error', () => {});
      socket.once('data', (request) => {
        const path = request.toString('latin1').split(' ')[1];
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<p>The first part');
        if (path === '/until-close') socket.end(' and the rest.</p>');
        else if (path === '/until-reset') setTimeout(() => socket.resetAndDestroy(), 20);
        // '/until-stall': nothing more
      });
    });
    http.on('connection', (socket) => {
      openSockets.add(socket);
      socket.on('close', () => openSockets.delete(socket));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const port = (server: Server | TcpServer) => {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : 0;
    };
    httpBase = `http://127.0.0.1:${port(http)}`;
    rawBase = `http://127.0.0.1:${port(raw)}`;
  });

  after(async () => {
    for (const socket of openSockets) socket.destroy();
    await new Promise((resolve) => http.close(resolve));
    await new Promise((resolve) => raw.close(resolve));
  });

  test('fetches a whole page, through a redirect', async () => {
    const fetched = await safeFetch(`${httpBase}/to?${encodeURIComponent('/article')}`, loopbackOnly);
    assert.equal(fetched.url, `${httpBase}/article`);
    assert.equal(fetched.bytes.toString(), PAGE);
    assert.equal(fetched.contentType, 'text/html');
  });

  test('takes a read-until-close body only when the connection closes cleanly', async () => {
    const fetched = await safeFetch(`${rawBase}/until-close`, loopbackOnly);
    assert.equal(fetched.bytes.toString(), '<p>The first part and the rest.</p>');
  });

  test('a timeout is an error, never a truncated page', async () => {
    for (const url of [`${httpBase}/stall-headers`, `${httpBase}/stall-body`, `${httpBase}/stall-chunked`]) {
      const err = await rejection(safeFetch(url, { ...loopbackOnly, timeoutMs: 200 }));
      assert.equal(err.statusCode, 504, url);
      assert.equal(err.message, `fetch of ${url} timed out after 0.2 s`);
    }
    const err = await rejection(safeFetch(`${rawBase}/until-stall`, { ...loopbackOnly, timeoutMs: 200 }));
    assert.equal(err.statusCode, 504);
    assert.match(err.message, /timed out after 0\.2 s/);
  });

  test('a body cut short is an error', async () => {
    const short = await rejection(safeFetch(`${httpBase}/short`, loopbackOnly));
    assert.equal(short.statusCode, 502);
    assert.match(short.message, /cut short/);
    const reset = await rejection(safeFetch(`${rawBase}/until-reset`, loopbackOnly));
    assert.equal(reset.statusCode, 502);
    assert.match(reset.message, /cut short/);
  });

  test('a page over the size cap is refused', async () => {
    const err = await rejection(safeFetch(`${httpBase}/article`, { ...loopbackOnly, maxBytes: 10 }));
    assert.equal(err.statusCode, 413);
  });

  test('refused address literals are refused before connecting', async () => {
    // Port 9 has no listener: a connection attempt would fail with 502, so 403 shows none was made.
    for (const url of [
      'http://127.0.0.1:9/',
      'http://[::1]:9/',
      'http://[::ffff:7f00:1]:9/',
      'http://[::ffff:0:7f00:1]:9/',
      'http://[::7f00:1]:9/',
      'http://[64:ff9b:1::a00:1]:9/',
      'http://[2001:20::1]:9/',
      'http://0x7f000001:9/', // the URL parser makes it 127.0.0.1
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const err = await rejection(safeFetch(url));
      assert.equal(err.statusCode, 403, url);
      assert.doesNotMatch(err.message, /\n/);
    }
  });

  test('a host name is checked on the addresses it resolves to, which are the ones connected', async () => {
    assert.equal((await rejection(safeFetch('http://localhost:9/'))).statusCode, 403);
    const names: Record<string, string[]> = {
      'article.test': ['127.0.0.1'],
      'inward.test': ['10.0.0.1'],
      'mixed.test': ['8.8.8.8', '10.0.0.1'], // one inward address is enough to refuse the name
      'mapped.test': ['::ffff:127.0.0.1'],
    };
    const resolveForTests = async (hostname: string) =>
      (names[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const port = new URL(httpBase).port;
    // The name exists nowhere but in the test resolver, so this succeeds only by connecting to its checked answer.
    const fetched = await safeFetch(`http://article.test:${port}/article`, { ...loopbackOnly, resolveForTests });
    assert.equal(fetched.bytes.toString(), PAGE);
    for (const host of ['inward.test', 'mixed.test', 'mapped.test']) {
      const err = await rejection(safeFetch(`http://${host}:${port}/article`, { ...loopbackOnly, resolveForTests }));
      assert.equal(err.statusCode, 403, host);
      assert.match(err.message, /is not a global unicast address/);
    }
  });

  test('a redirect to a refused address is refused', async () => {
    const port = new URL(httpBase).port;
    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      `http://[::ffff:127.0.0.1]:${port}/article`, // the same server, spelt as a mapped address
      `http://127.0.0.2:${port}/article`,
    ]) {
      const err = await rejection(safeFetch(`${httpBase}/to?${encodeURIComponent(target)}`, loopbackOnly));
      assert.equal(err.statusCode, 403, target);
    }
    const file = await rejection(safeFetch(`${httpBase}/to?${encodeURIComponent('file:///etc/passwd')}`, loopbackOnly));
    assert.match(file.message, /only http and https/);
  });

  test('redirects are capped', async () => {
    const err = await rejection(safeFetch(`${httpBase}/loop/0`, { ...loopbackOnly, maxRedirects: 3 }));
    assert.equal(err.statusCode, 502);
    assert.match(err.message, /too many redirects/);
    const fetched = await safeFetch(`${httpBase}/to?${encodeURIComponent('/article')}`, {
      ...loopbackOnly,
      maxRedirects: 1,
    });
    assert.equal(fetched.bytes.toString(), PAGE);
  });

  test('only http and https URLs are fetched', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1/', 'not a url']) {
      assert.equal((await rejection(safeFetch(url))).statusCode, 400, url);
    }
  });
});
