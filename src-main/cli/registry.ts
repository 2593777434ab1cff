// Every command group of the CLI. Adding a group is one import and one line.
import type { Command } from 'commander';
import type { ActionFactory } from './context.js';
import { registerBusinessCommands } from './commands/business.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerPreviewCommands } from './commands/preview.js';
import { registerTaxCommands } from './commands/tax.js';
import { registerBatchCommands } from './commands/batch.js';
import { registerImportCommands } from './commands/import.js';
import { registerFileCommands } from './commands/files.js';
import { registerCatalogueCommands } from './commands/catalogue.js';
import { registerSeriesCommands } from './commands/series.js';
import { registerInvoiceCommands } from './commands/invoice-hand.js';
import { registerInvoiceActionCommands } from './commands/invoice.js';
import { registerGstCommands } from './commands/gst.js';
import { registerTemplateCommands } from './commands/template.js';
import { registerSyncCommands } from './commands/sync.js';

export function registerCommands(program: Command, action: ActionFactory): void {
  registerBusinessCommands(program, action);
  registerLedgerCommands(program, action);
  registerPreviewCommands(program, action);
  registerTaxCommands(program, action);
  registerBatchCommands(program, action);
  registerImportCommands(program, action);
  registerFileCommands(program, action);
  registerCatalogueCommands(program, action);
  registerSeriesCommands(program, action);
  registerInvoiceCommands(program, action);
  registerInvoiceActionCommands(program, action);
  registerGstCommands(program, action);
  registerTemplateCommands(program, action);
  registerSyncCommands(program, action);
}
