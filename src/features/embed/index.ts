/** The embed's public entry: what the app shell needs before the lazy embed route loads. */
export { bufferEarlyMessages } from './model/early-messages.ts';
