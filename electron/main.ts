// The Electron shell: window, menu, single instance, IPC wiring. Everything else is the engine
// (electron/core), which runs the same under plain Node; keep this file thin.
import { app, BrowserWindow, ipcMain, Menu, Notification, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveDataDir } from './core/data-dir';
import { Engine } from './core/engine';
import { createLogger } from './core/logger';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../domain/contract/bridge';
import { IpcBridge } from './core/transport/ipc-bridge';

const rendererIndex = join(__dirname, '..', 'dist', 'renderer', 'index.html');
const rendererIndexUrl = pathToFileURL(rendererIndex).toString();

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setName('OpsFlow');
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    const log = createLogger();
    const engine = await Engine.open({
      dataDir: resolveDataDir(argValue('--data-dir') ?? app.getPath('userData')),
      log,
      timers: true,
      demo: process.argv.includes('--demo'),
    });
    const bridge = new IpcBridge(engine);
    ipcMain.handle(IPC_CALL_CHANNEL, (event, request) => bridge.call(event.senderFrame?.url, rendererIndexUrl, request));

    Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]));
    window = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
      title: 'OpsFlow',
      show: false,
      webPreferences: {
        preload: join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    const stopEvents = bridge.onEvent((topic, payload) => {
      window?.webContents.send(IPC_EVENT_CHANNEL, topic, payload);
      if (topic === 'backup.finished' && Notification.isSupported()) {
        new Notification({ title: 'OpsFlow backup', body: (payload as { message: string }).message }).show();
      }
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      stopEvents();
      window = null;
    });
    await window.loadFile(rendererIndex);

    app.on('window-all-closed', () => {
      engine.close();
      app.quit();
    });
  });
}
