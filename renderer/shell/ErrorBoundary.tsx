import { Alert, Button, Center, Stack } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { SOMETHING_WENT_WRONG } from '../../domain/errors';

/** A bug in a screen shows a sentence and a way out, never a stack trace. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('OpsFlow screen failed', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <Alert color="red" variant="light" title="Something went wrong" role="alert">
            {SOMETHING_WENT_WRONG}
          </Alert>
          <Button onClick={() => window.location.reload()}>Reload OpsFlow</Button>
        </Stack>
      </Center>
    );
  }
}
