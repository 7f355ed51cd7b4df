/** The value of the first header named `name` (field names are case-insensitive, RFC 9110 §5.1). */
export function headerValue(headers: readonly [string, string][], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}
