/** Export of exchanges and runs: curl, raw HTTP, HAR 1.2, oauth4webapi snippets. */
export { ExportMenu } from './components/ExportMenu.tsx';
export { RunExportButtons } from './components/RunExportButtons.tsx';
export { exchangeToCurl, shellQuote } from './model/curl.ts';
export { type Har, harFileText, runToHar } from './model/har.ts';
export { exchangeToRawHttp } from './model/raw-http.ts';
export { MASK, prepareExchanges, SECRET_PARAMS } from './model/secrets.ts';
export { flowSnippet } from './model/snippet.ts';
