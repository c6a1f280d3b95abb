/**
 * The line transport of `pln mcp` (src/mcp/stdio.ts): every line that is not
 * a JSON-RPC message gets its error, and serving goes on; a line over the
 * limit is answered and skipped, not the end of the server.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineTransport, MAX_LINE_BYTES } from '../../src/mcp/stdio.js';

/** A transport over two pipes: what it passed on, and what it answered itself. */
async function open() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const t = new LineTransport(stdin, stdout);
  const messages: unknown[] = [];
  t.onmessage = (m) => messages.push(m);
  await t.start();
  const answers = () => {
    const text = (stdout.read() as Buffer | null)?.toString('utf8') ?? '';
    return text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown);
  };
  return { stdin, t, messages, answers };
}

const error = (id: unknown, code: number, message: string) => ({ jsonrpc: '2.0', id, error: { code, message } });

describe('LineTransport', () => {
  it('answers each line that is not a message, with the id when it has one, and passes messages on', async () => {
    const { stdin, messages, answers } = await open();
    stdin.write('{not json\n[]\n{"jsonrpc":"2.0","id":7}\n{"id":9,"method":"tools/list"}\n"str"\n{"jsonrpc":"2.0","id":{"a":1},"method":"x"}\n');
    stdin.write('{"jsonrpc":"2.0","id":10,"method":"tools/call","params":"x"}\n\n');
    // A message split over chunks, with CRLF.
    stdin.write('{"jsonrpc":"2.0","id":1,');
    stdin.write('"method":"tools/list"}\r\n');
    expect(answers()).toEqual([
      error(null, -32700, 'Parse error: the line is not JSON'),
      error(null, -32600, 'Invalid Request: batches are not supported; send one message a line'),
      error(7, -32600, 'Invalid Request: not a JSON-RPC 2.0 message'),
      error(9, -32600, 'Invalid Request: not a JSON-RPC 2.0 message'),
      error(null, -32600, 'Invalid Request: not a JSON-RPC 2.0 message'),
      error(null, -32600, 'Invalid Request: not a JSON-RPC 2.0 message'),
      error(10, -32600, 'Invalid Request: not a JSON-RPC 2.0 message'),
    ]);
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }]);
  });

  it('answers a line over the limit once, skips the rest of it, and reads the next', async () => {
    const { stdin, messages, answers } = await open();
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i <= MAX_LINE_BYTES / chunk.length; i++) stdin.write(chunk);
    stdin.write('tail of the long line\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    expect(answers()).toEqual([error(null, -32600, `Invalid Request: a line of over ${MAX_LINE_BYTES} bytes; skipped`)]);
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
  });

  it('sends a message as one line, and closes', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const t = new LineTransport(stdin, stdout);
    let closed = false;
    t.onclose = () => (closed = true);
    await t.start();
    await t.send({ jsonrpc: '2.0', id: 3, result: {} });
    expect((stdout.read() as Buffer).toString('utf8')).toBe('{"jsonrpc":"2.0","id":3,"result":{}}\n');
    await t.close();
    expect(closed).toBe(true);
  });
});
