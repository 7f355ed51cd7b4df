import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { registerServer } from '../lib/server-connection.ts';
import { queryClient } from './query-client.ts';
import { router } from './router.tsx';

void registerServer();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
