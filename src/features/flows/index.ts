export * from './model/common.ts';
export { DPOP_NONCE, sendWithDpop } from './model/dpop.ts';
export { flowIds, isFlowId } from './model/flow-ids.ts';
export * from './model/preset-script.ts';
export { findFlow, flows } from './model/registry.ts';
export type * from './model/types.ts';
