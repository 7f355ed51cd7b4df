export * from './api/queries.ts';
