// What the language client does when its server fails (issue 10: a server that dies is restarted).
// vscode-languageclient's default handler shuts the client down at the fourth failed write to the server, and a
// client shut down is never restarted. A server killed or crashed makes exactly those writes fail before its
// exit is seen: VS Code keeps asking for hovers and code actions, the client keeps sending. So a failed write
// changes nothing here, and the server's exit decides, with the default's limit (`closed`): restarted, unless
// it exited 5 times within 3 minutes.
import { ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

/** `closed`: the default handler's restart policy (LanguageClient.createDefaultErrorHandler). */
export function restartingErrorHandler(closed: () => ReturnType<ErrorHandler['closed']>): ErrorHandler {
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed,
  };
}
