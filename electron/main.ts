// The Electron shell: window, menu, notifications, single instance, IPC wiring. Everything else is
// the engine (electron/core), which runs the same under plain Node; keep this file thin.
// The engine runs in a utilityProcess, not here: a heavy call (a 100,000-reading import, audit
// verify) blocking the main process would freeze the window (Electron's performance guide).
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makePrivateFolder, resolveDataDir } from './core/data-dir';
import { EngineHostClient } from './core/host/engine-host-client';
import { createLogger } from './core/logger';
import { sealedKeyFromDataDir } from './core/secrets/sealed-key-file';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_BACKUP_FILE_CHANNEL, IPC_EVENT_CHANNEL } from '../domain/contract/bridge';
import { IpcBridge, isTrustedSender } from './core/transport/ipc-bridge';

/** How long closing the engine (running calls finish, the database is checkpointed) may take before the app quits anyway. */
const ENGINE_STOP_TIMEOUT_MS = 10_000;

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
    const host = utilityProcess.fork(join(__dirname, 'engine-host.cjs'), [], { serviceName: 'OpsFlow engine' });
    const engine = new EngineHostClient(
      {
        postMessage: (message) => host.postMessage(message),
        onMessage(listener) {
          host.on('message', listener);
          return () => host.off('message', listener);
        },
      },
      log,
    );

    // Set once the engine has stopped, failed to start, or died: from then on there is nothing to stop.
    let engineEnded = false;
    host.once('exit', (code) => {
      engine.hostGone();
      if (engineEnded) return;
      engineEnded = true;
      log.error({ code }, 'the OpsFlow engine process ended unexpectedly; quitting');
      app.quit();
    });
    let stopping: Promise<void> | null = null;
    const stopEngine = () =>
      (stopping ??= engine.stop(ENGINE_STOP_TIMEOUT_MS).then((stopped) => {
        if (!stopped) log.warn('the OpsFlow engine did not stop in time; ending it');
        engineEnded = true;
        host.kill();
      }));
    // However the app quits (last window closed, the menu's Quit), the engine closes its database first.
    app.on('will-quit', (event) => {
      if (engineEnded) return;
      event.preventDefault();
      void stopEngine().then(() => app.quit());
    });
    app.on('window-all-closed', () => app.quit());

    try {
      const dataDir = resolveDataDir(argValue('--data-dir') ?? app.getPath('userData'));
      makePrivateFolder(dataDir);
      // The OS keystore answers only in this process; without one (Linux with no keyring) the
      // engine keeps its key in a file only this OS user can read, as in browser mode.
      const secretKey = safeStorage.isEncryptionAvailable()
        ? sealedKeyFromDataDir(dataDir, {
            seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
            open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
          })
        : undefined;
      await engine.start({ dataDir, timers: true, demo: process.argv.includes('--demo'), secretKeyBase64: secretKey?.toString('base64') });
    } catch (err) {
      // The host has logged the reason (e.g. a data folder from a newer version); nothing to show a window for.
      log.error({ err }, 'the OpsFlow engine could not start; quitting');
      engineEnded = true;
      host.kill();
      app.quit();
      return;
    }
    const bridge = new IpcBridge(engine.endpoint);
    ipcMain.handle(IPC_CALL_CHANNEL, (event, request) => bridge.call(event.senderFrame?.url, rendererIndexUrl, request));
    // Only our own page may open the dialog; the engine still inspects whatever path comes back.
    ipcMain.handle(IPC_CHOOSE_BACKUP_FILE_CHANNEL, async (event) => {
      if (!isTrustedSender(event.senderFrame?.url, rendererIndexUrl) || !window) return null;
      const chosen = await dialog.showOpenDialog(window, {
        title: 'Choose an OpsFlow backup',
        properties: ['openFile'],
        filters: [{ name: 'OpsFlow backups', extensions: ['db'] }, { name: 'All files', extensions: ['*'] }],
      });
      return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
    });

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
      if (topic === 'alerts.raised' && Notification.isSupported()) {
        const alert = payload as { title: string; detail: string };
        new Notification({ title: `OpsFlow: ${alert.title}`, body: alert.detail }).show();
      }
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      stopEvents();
      window = null;
    });
    await window.loadFile(rendererIndex);
  });
}
