import './app/theme.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { applyStoredTheme } from './app/theme.ts';
import { bufferEarlyMessages } from './features/embed/index.ts';

applyStoredTheme();
// A page that frames the playground may post commands before the embed route has loaded.
bufferEarlyMessages();

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
