// Backups live in src-main/backup/ (database + documents + manifest); kept here for older imports.
export { backupStore, lastBackup, type BackupResult } from '../backup/backup.js';
