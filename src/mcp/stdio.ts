/**
 * JSON-RPC over stdio, one message a line, for `pln mcp`: the SDK's
 * transport drops a line that is not a valid message with no answer (the
 * client waits for ever) and stops serving at a line over 10 MiB. Here
 * every bad line gets its JSON-RPC error (-32700 for text that is not
 * JSON, -32600 for JSON that is not a message, a batch or a line too
 * long), the id of the request when it has one, and serving goes on.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The longest line read as a message; a longer one is answered as too long, and skipped. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The start of the line being read. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Skipping the rest of a line that was too long. */
  private skipping = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream,
    private readonly stdout: NodeJS.WritableStream,
  ) {}

  private readonly ondata = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let nl = data.indexOf(10); ; nl = data.indexOf(10)) {
      const part = nl === -1 ? data : data.subarray(0, nl);
      if (!this.skipping) {
        if (this.pendingBytes + part.length > MAX_LINE_BYTES) {
          this.pending = [];
          this.pendingBytes = 0;
          this.skipping = true;
          this.reply(null, -32600, `Invalid Request: a line of over ${MAX_LINE_BYTES} bytes; skipped`);
        } else {
          this.pending.push(part);
          this.pendingBytes += part.length;
        }
      }
      if (nl === -1) return;
      if (!this.skipping) this.line(Buffer.concat(this.pending).toString('utf8').replace(/\r$/, ''));
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      data = data.subarray(nl + 1);
    }
  };

  private readonly onstreamerror = (err: Error): void => this.onerror?.(err);

  /** One line: a message for the server, or its error answered here. */
  private line(text: string): void {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.reply(null, -32700, 'Parse error: the line is not JSON');
      return;
    }
    if (Array.isArray(value)) {
      this.reply(null, -32600, 'Invalid Request: batches are not supported; send one message a line');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = (value as { id?: unknown } | null)?.id;
      this.reply(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null, -32600, 'Invalid Request: not a JSON-RPC 2.0 message');
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reply(id: string | number | null, code: number, message: string): void {
    this.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.ondata);
    this.stdin.on('error', this.onstreamerror);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.ondata);
    this.stdin.off('error', this.onstreamerror);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.pending = [];
    this.onclose?.();
  }
}
