export * from './model/common.ts';
export { findFlow, flows, isFlowId } from './model/registry.ts';
export type * from './model/types.ts';
