import { InspectPage } from './components/inspect-page.tsx';

/** Route /inspect: the token inspector for any pasted token. */
export default function TokenInspectorRoute() {
  return <InspectPage />;
}
