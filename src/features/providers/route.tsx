/** Pointing the playground at another OpenID provider (route /providers). */
export default function ProvidersRoute() {
  return <h1>Providers</h1>;
}
