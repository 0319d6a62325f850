export * from './api-keys.ts';
export * from './apps.ts';
export * from './common.ts';
export * from './endpoints.ts';
export * from './event-types.ts';
export * from './feed.ts';
export * from './jobs.ts';
export * from './messages.ts';
