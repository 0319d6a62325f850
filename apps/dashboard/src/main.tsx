// first: before any module defines a zod schema
import './lib/zod-jitless.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ApiError } from './lib/http.ts';
import './styles.css';

const noRetry = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // a 4xx will not change by asking again; network trouble and 5xx get two more tries
      retry: (count, err) => !noRetry(err) && count < 2,
      // 0.5 s, then 1 s: a first load that keeps failing says so within about 2 s, not 4
      retryDelay: (n) => Math.min(500 * 2 ** n, 4000),
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
