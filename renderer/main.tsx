import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './shell/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchConnection } from './bridge/connection-store';
import { App } from './shell/App';

watchConnection();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
