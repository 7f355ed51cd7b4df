/**
 * The text of a response body that the core made from a string, keyed by the body's stream.
 * A host that writes responses to a socket itself (the Node host) can send this text instead of
 * reading the stream back, which costs more CPU than building the answer. The stream object is
 * the key because it survives re-wrapping (`new Response(response.body, response)`, as Hono does
 * when middleware touched the response early). Hosts that do not look here lose nothing.
 */
const texts = new WeakMap<ReadableStream, string>();

/** A Response whose body is `text`, remembered for hosts that can skip reading it. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  if (response.body) texts.set(response.body, text);
  return response;
}

/** The text `response` was made from, if the core made it from a string and nobody read it yet. */
export function knownText(response: Response): string | undefined {
  const body = response.body;
  if (!body || response.bodyUsed || body.locked) return undefined;
  return texts.get(body);
}
