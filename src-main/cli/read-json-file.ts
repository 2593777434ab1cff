// Reads a JSON file named on the command line; unreadable or malformed -> BAD_INPUT naming the file (exit 2).
import { readFileSync } from 'node:fs';
import { AppError } from '../../src-shared/errors.js';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('BAD_INPUT', `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { details: { file: path } });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('BAD_INPUT', `${path}: not valid JSON (${(error as Error).message})`, { details: { file: path } });
  }
}
