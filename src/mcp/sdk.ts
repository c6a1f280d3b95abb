/**
 * The Model Context Protocol SDK and zod, as one module: the build bundles
 * this file on its own (dist/chunks/mcp-sdk.js), loaded only by `pln mcp`,
 * so that no other command reads or compiles a byte of it.
 */
export { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { z } from 'zod';
