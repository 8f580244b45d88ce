import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { HashRouter } from 'react-router';
import { AppGate } from './AppGate';
import { ErrorBoundary } from './ErrorBoundary';
import { accessibleColors, theme } from './theme';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'opsflow.colorScheme' });

/** Hash routing: in Electron the app is loaded from file://, where paths cannot be served. */
export function App() {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={accessibleColors}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="light"
    >
      <Notifications position="bottom-right" limit={4} />
      <ErrorBoundary>
        <HashRouter>
          <AppGate />
        </HashRouter>
      </ErrorBoundary>
    </MantineProvider>
  );
}
