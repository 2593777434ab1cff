// A small streaming .xlsx writer for the sales register: worksheets written row by row as
// SpreadsheetML, deflated in segments with Node's zlib as they grow (each segment ends on a sync
// flush, so the segments concatenate into one valid deflate stream), and the package (the
// workbook, its relationships, styles with the number formats used) assembled at the end in a ZIP
// by zip-writer.ts.
// Memory: the compressed sheet and at most one pending segment of XML, never a cell model.
// Strings are inline (no shared-string table to hold); numbers are written as JavaScript prints the
// double, which is the shortest text that reads back as the same double.
import { constants, deflateRawSync } from 'node:zlib';
import { crc32, zipBuffer, type DeflatedData } from './zip-writer.js';

/** A cell: text, or a number (with an optional number format such as "#,##0.00"). */
export type Cell = { t: 's'; v: string } | { t: 'n'; v: number; z?: string };

/** XML segment size before it is deflated. */
const SEGMENT = 256 * 1024;

/** "A".."Z", "AA".. for a 0-based column. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// Characters XML 1.0 cannot carry, written as OOXML's _xHHHH_ escapes (and a literal "_xHHHH_"
// protected the same way), as spreadsheet readers decode them.
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;

export function xmlText(text: string): string {
  return text
    .replace(CONTROL_RE, (ch) => (ch === '_' ? '_x005F_' : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`))
    .replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!);
}

/** Number formats in use, each with its cell style index (0 is the default style). */
export class Styles {
  private readonly formats = new Map<string, number>();

  indexOf(format: string): number {
    let index = this.formats.get(format);
    if (index === undefined) {
      index = this.formats.size + 1;
      this.formats.set(format, index);
    }
    return index;
  }

  xml(): string {
    const formats = [...this.formats.keys()];
    const numFmts = formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(f)}"/>`).join('');
    const xfs = formats.map((_, i) => `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('');
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
      (formats.length ? `<numFmts count="${formats.length}">${numFmts}</numFmts>` : '') +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${formats.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** One worksheet, written row by row and deflated as it goes. */
export class SheetStream {
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly compressed: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private rowCount = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly styles: Styles,
    readonly columns: number,
    widths: number[],
    private readonly level: number,
  ) {
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    this.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`);
  }

  get rows(): number {
    return this.rowCount;
  }

  addRow(cells: Cell[]): void {
    const r = ++this.rowCount;
    let xml = `<row r="${r}">`;
    cells.forEach((cell, c) => {
      const ref = `${columnName(c)}${r}`;
      if (cell.t === 's') xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(cell.v)}</t></is></c>`;
      else xml += `<c r="${ref}"${cell.z === undefined ? '' : ` s="${this.styles.indexOf(cell.z)}"`}><v>${Number.isFinite(cell.v) ? String(cell.v) : '0'}</v></c>`;
    });
    this.push(`${xml}</row>`);
  }

  /** Ends the sheet (with an autofilter over its rows when asked); returns the deflated XML. */
  close(autoFilter: boolean): DeflatedData {
    if (!this.closed) {
      const filter = autoFilter && this.rowCount > 0 ? `<autoFilter ref="A1:${columnName(this.columns - 1)}${this.rowCount}"/>` : '';
      this.push(`</sheetData>${filter}</worksheet>`);
      this.flush(true);
      this.closed = true;
    }
    return { data: Buffer.concat(this.compressed), crc: this.crc, size: this.size };
  }

  private push(xml: string): void {
    this.pending.push(xml);
    this.pendingLength += xml.length;
    if (this.pendingLength >= SEGMENT) this.flush(false);
  }

  private flush(last: boolean): void {
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    // A sync flush ends the segment on a byte boundary without a final block: the next segment's
    // blocks follow it in the same stream; only the last one finishes it.
    this.compressed.push(deflateRawSync(bytes, { level: this.level, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
  }
}

/** A workbook being written: sheets in order, then `write`. */
export class Workbook {
  readonly styles = new Styles();
  private readonly sheets: SheetStream[] = [];

  constructor(private readonly level = 6) {}

  addSheet(name: string, columns: number, widths: number[] = []): SheetStream {
    const sheet = new SheetStream(name, this.styles, columns, widths, this.level);
    this.sheets.push(sheet);
    return sheet;
  }

  /** The .xlsx file; `filtered` names the sheet whose autofilter covers its rows. */
  write(filtered?: string): Buffer {
    return writeXlsx(this.sheets, this.styles, this.level, filtered);
  }
}

function writeXlsx(sheets: SheetStream[], styles: Styles, level: number, filtered?: string): Buffer {
  const sheetEntries = sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, deflated: s.close(s.name === filtered) }));
  const names = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const filterIndex = sheets.findIndex((s) => s.name === filtered);
  const defined =
    filterIndex >= 0 && sheets[filterIndex]!.rows > 0
      ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="${filterIndex}" hidden="1">'${xmlText(sheets[filterIndex]!.name.replace(/'/g, "''"))}'!$A$1:$${columnName(sheets[filterIndex]!.columns - 1)}$${sheets[filterIndex]!.rows}</definedName></definedNames>`
      : '';
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
  const part = (name: string, text: string) => ({ name, data: text });
  // Fixed times (1980-01-01, the ZIP writer's default): equal content gives equal bytes.
  return zipBuffer(
    [
      part(
        '[Content_Types].xml',
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`).join('') +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      ),
      part('_rels/.rels', `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      part('xl/workbook.xml', `${xml}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${names}</sheets>${defined}</workbook>`),
      part(
        'xl/_rels/workbook.xml.rels',
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
          `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
      ),
      part('xl/styles.xml', styles.xml()),
      ...sheetEntries,
    ],
    { level },
  );
}
