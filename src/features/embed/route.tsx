/** The embeddable playground without the app's chrome (route /embed). */
export default function EmbedRoute() {
  return <h1>Embedded playground</h1>;
}
