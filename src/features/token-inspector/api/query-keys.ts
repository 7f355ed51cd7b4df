/**
 * Query keys of the server state the inspector reads. Exported so that whoever moves the server
 * clock or rotates keys can invalidate them: `queryClient.invalidateQueries({ queryKey: serverClockQueryKey })`.
 */
export const serverClockQueryKey = ['server', 'admin', 'clock'] as const;
export const serverJwksQueryKey = ['server', 'jwks'] as const;
