/** The flow runner's public API: the run model pages create and pass down (the component is in ui.ts). */
export * from './model/callback-message.ts';
export * from './model/environment.ts';
export * from './model/preset-runner.ts';
export * from './model/run-context.tsx';
export * from './model/run-page.ts';
export * from './model/run-record.ts';
export * from './model/run-storage.ts';
export * from './model/run-store.ts';
export * from './model/url-state.ts';
