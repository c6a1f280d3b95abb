/**
 * What only `pln mcp` loads: the Model Context Protocol SDK, zod, and the
 * tool table (mostly descriptions). The build bundles this file on its own
 * (dist/chunks/mcp-sdk.js), so that no other command reads or compiles a
 * byte of it.
 */
export { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
export { LineTransport } from './stdio.js';
export { z } from 'zod';
export { MAX_NAME, TOOLS } from './tools.js';
