/**
 * Entry point of the language server (dist/server.js). The transport comes from the command line:
 * `--stdio`, `--node-ipc` or `--socket=PORT`, as vscode-languageserver reads it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { connectionStrategy } from './params';

startServer(createConnection(ProposedFeatures.all, connectionStrategy));
