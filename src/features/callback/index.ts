/** The callback's public API: reading an /authorize result from a URL (the page is route.tsx). */
export * from './parse.ts';
