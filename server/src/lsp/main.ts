/**
 * Entry point of the language server (dist/server.js). The transport comes from the command line:
 * `--stdio`, `--node-ipc` or `--socket=PORT`, as vscode-languageserver reads it. The same bundle runs
 * the server's analysis worker threads (see node/analysisPool.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorker } from '../node/analysisPool';
import { startServer } from './server';
import { connectionOptions } from './params';

if (!runAnalysisWorker()) startServer(createConnection(ProposedFeatures.all, connectionOptions));
