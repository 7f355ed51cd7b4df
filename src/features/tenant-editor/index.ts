/** The tenant editor's public API: the admin client other features use (the page is route.tsx). */
export * from './api/tenant-api.ts';
