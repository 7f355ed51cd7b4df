/** The tenant editor page (route /tenant). */
export default function TenantEditorRoute() {
  return <h1>Tenant</h1>;
}
