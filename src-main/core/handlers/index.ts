// The handler map: one entry per contract method (the contract test checks none is missing or
// extra). Adding a method is one contract entry, one function, one line here.
import { appInfo } from './app.js';
import { auditList, auditVerify } from './audit.js';
import { batchesCancel, batchesList, batchesResume, batchesRetry, batchesRun } from './batches.js';
import { businessesCreate, businessesGet, businessesList } from './businesses.js';
import { customersList, productsList } from './catalogue.js';
import {
  businessesUpdate, customersCreate, customersUpdate, invoicesDiscardDraft, invoicesIssue, invoicesQuote, invoicesSaveDraft, invoicesShow, productsCreate,
  productsUpdate, seriesAdd, seriesList,
} from './hand.js';
import { exportsCreate } from './exports.js';
import { importsCommit, importsPreview } from './imports.js';
import { invoicesCreditable, invoicesCreditNote, invoicesDebitNote, invoicesFigures, invoicesGet, invoicesList, invoicesPdf, invoicesVoid } from './invoices.js';
import { metricsText, sequenceCheck } from './ledger.js';
import { settingsGet, settingsSet } from './settings.js';
import { backupLastHandler, backupListHandler, backupNowHandler, backupRestoreHandler, backupVerifyHandler } from './backup.js';
import { ordersPending } from './orders.js';
import { pdfSettingsCheckTemplate, pdfSettingsGet, pdfSettingsResetTemplate, pdfSettingsSet, pdfSettingsUseTemplate } from './pdf-settings.js';
import { gstExportEinvoice, gstExportGstr1, gstImportIrn, gstWorkspace } from './gst.js';
import { syncConnect, syncPull, syncPush, syncStatusHandler, syncTest } from './sync.js';
import type { HandlerMap } from './types.js';

export const handlers: HandlerMap = {
  'app.info': appInfo,
  'businesses.list': businessesList,
  'businesses.get': businessesGet,
  'businesses.create': businessesCreate,
  'businesses.update': businessesUpdate,
  'series.list': seriesList,
  'series.add': seriesAdd,
  'pdfSettings.get': pdfSettingsGet,
  'pdfSettings.set': pdfSettingsSet,
  'pdfSettings.checkTemplate': pdfSettingsCheckTemplate,
  'pdfSettings.useTemplate': pdfSettingsUseTemplate,
  'pdfSettings.resetTemplate': pdfSettingsResetTemplate,
  'products.create': productsCreate,
  'products.update': productsUpdate,
  'customers.create': customersCreate,
  'customers.update': customersUpdate,
  'invoices.quote': invoicesQuote,
  'invoices.saveDraft': invoicesSaveDraft,
  'invoices.issue': invoicesIssue,
  'invoices.discardDraft': invoicesDiscardDraft,
  'invoices.show': invoicesShow,
  'audit.verify': auditVerify,
  'audit.list': auditList,
  'sequence.check': sequenceCheck,
  'metrics.text': metricsText,
  'backup.now': backupNowHandler,
  'backup.list': backupListHandler,
  'backup.verify': backupVerifyHandler,
  'backup.restore': backupRestoreHandler,
  'backup.last': backupLastHandler,
  'sync.status': syncStatusHandler,
  'sync.test': syncTest,
  'sync.connect': syncConnect,
  'sync.push': syncPush,
  'sync.pull': syncPull,
  'settings.get': settingsGet,
  'settings.set': settingsSet,
  'customers.list': customersList,
  'products.list': productsList,
  'invoices.list': invoicesList,
  'invoices.get': invoicesGet,
  'invoices.figures': invoicesFigures,
  'invoices.pdf': invoicesPdf,
  'invoices.void': invoicesVoid,
  'invoices.creditable': invoicesCreditable,
  'invoices.creditNote': invoicesCreditNote,
  'invoices.debitNote': invoicesDebitNote,
  'batches.list': batchesList,
  'batches.run': batchesRun,
  'batches.cancel': batchesCancel,
  'batches.retry': batchesRetry,
  'batches.resume': batchesResume,
  'orders.pending': ordersPending,
  'exports.create': exportsCreate,
  'imports.preview': importsPreview,
  'imports.commit': importsCommit,
  'gst.workspace': gstWorkspace,
  'gst.exportGstr1': gstExportGstr1,
  'gst.exportEinvoice': gstExportEinvoice,
  'gst.importIrn': gstImportIrn,
};

export type { CallContext, Handler, HandlerMap } from './types.js';
