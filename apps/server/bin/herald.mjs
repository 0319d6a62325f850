#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly.
await import('../src/main.ts');
