/** The flow runner's public API: the run model other features drive (the component is in ui.ts). */
export * from './model/callback-message.ts';
export * from './model/run-store.ts';
export * from './model/url-state.ts';
