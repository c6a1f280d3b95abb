/**
 * A real MCP client (the SDK's own Client over stdio) talking to the built
 * `pln mcp`, for end-to-end tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BIN, ROOT, baseEnv, tempDir } from './pln.js';

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr: () => string;
  /** Errors the client saw on the connection (a stray line on stdout would be one). */
  errors: Error[];
  /** Calls a tool and returns its result (tool errors included: `isError`). */
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

/** Starts `pln mcp ARGS` on the network `dir` and connects to it. */
export async function mcp(dir: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--dir', dir, ...args],
    env: baseEnv(env) as Record<string, string>,
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const errors: Error[] = [];
  const client = new Client({ name: 'pln-test', version: '1.0.0' });
  client.onerror = (err) => errors.push(err);
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    errors,
    call: async (name, a = {}) => (await client.callTool({ name, arguments: a })) as CallToolResult,
    close: () => client.close(),
  };
}

/** A copy of the sample network (without its cache) in a temp folder. */
export function sampleNetwork(): string {
  const dir = tempDir('pln-mcp-');
  fs.cpSync(path.join(ROOT, 'templates', 'sample'), dir, { recursive: true, filter: (src) => path.basename(src) !== '.pln' });
  return dir;
}

/** The text of a tool result. */
export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}
