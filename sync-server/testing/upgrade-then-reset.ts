import { connect } from 'node:net';

/**
 * Sends a WebSocket upgrade request for `path` and resets the connection as soon as it is written,
 * before any answer: a client that gives up half-way (a PC stopped, a cable pulled).
 */
export function upgradeThenReset(port: number, path: string, headers: Record<string, string> = {}): Promise<void> {
  const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1:' + port, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.once('error', reject);
  });
}
