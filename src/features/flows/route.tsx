import { FlowPicker } from './components/flow-picker.tsx';

/** Route `/`: the flow picker. */
export default function FlowsRoute() {
  return <FlowPicker />;
}
