/** The runner's component, for pages that host it (the flow route, the embed). */
export { FlowRunner } from './components/flow-runner.tsx';
