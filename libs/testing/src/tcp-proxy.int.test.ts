import net from 'node:net';
import { TcpProxy } from './tcp-proxy';
import { waitUntil } from './wait';

function echoServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.pipe(socket));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed')));
  });
}

describe('TcpProxy', () => {
  let server: net.Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    server = await echoServer();
    proxy = await TcpProxy.start('127.0.0.1', (server.address() as net.AddressInfo).port);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes bytes both ways, drops open connections on cut, refuses new ones until restore', async () => {
    expect(await roundTrip(proxy.port, 'hello')).toBe('hello');

    const open = net.connect(proxy.port, '127.0.0.1');
    await new Promise((resolve) => open.once('connect', resolve));
    const closed = new Promise((resolve) => open.once('close', resolve));
    await waitUntil(() => proxy.connections === 1);
    proxy.cut();
    await closed;
    await expect(roundTrip(proxy.port, 'nobody home')).rejects.toThrow();

    proxy.restore();
    expect(await roundTrip(proxy.port, 'back')).toBe('back');
  });

  it('rewrites a URL to point at the proxy and keeps the rest', () => {
    expect(proxy.url('amqp://guest:guest@rabbit:5672/vhost')).toBe(`amqp://guest:guest@127.0.0.1:${proxy.port}/vhost`);
  });
});
