import type { NodeProcess } from './processes';

/**
 * Talks to a child process started with `--inspect=127.0.0.1:0` over the DevTools protocol, so a
 * test can force a full GC and read `process.memoryUsage()` inside it: memory that is still held,
 * not garbage V8 has not collected yet.
 */
export class Inspector {
  private socket?: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  async connect(process: NodeProcess): Promise<void> {
    const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(process.output)?.[0];
    if (!url) throw new Error(`no inspector URL in the output of ${process.name}:\n${process.output}`);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
    this.socket = socket;
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket?.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Full GC, then the process's memory usage. */
  async memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
    await this.call('HeapProfiler.collectGarbage');
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
    return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
  }

  close(): void {
    this.socket?.close();
  }
}
