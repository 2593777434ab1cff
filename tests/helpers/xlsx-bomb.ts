// A real, valid .xlsx whose one sheet holds millions of identical rows: small on disk, huge when
// unpacked (the "0.8 MB that expands to 238 MB" of the audit). Built without holding the sheet in
// memory: one block of rows is deflated with a full flush (no back-references across blocks), and
// that compressed block is repeated; the CRC-32 is computed over the real uncompressed content.
import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

interface Part { name: string; data: Buffer; crc: number; size: number }

function storedDeflate(name: string, text: string): Part {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

function zip(parts: Part[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0, 6);
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(p.crc >>> 0, 14);
    header.writeUInt32LE(p.data.length, 18);
    header.writeUInt32LE(p.size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, p.data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(p.crc >>> 0, 16);
    entry.writeUInt32LE(p.data.length, 20);
    entry.writeUInt32LE(p.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

/** Writes the workbook and returns its size on disk and unpacked. */
export function writeXlsxBomb(path: string, rows = 2_000_000): { bytes: number; unpacked: number } {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + '<row r="1"><c r="A1" t="inlineStr"><is><t>SKU</t></is></c><c r="B1" t="inlineStr"><is><t>Product Name</t></is></c><c r="C1" t="inlineStr"><is><t>Base Price</t></is></c></row>';
  const tail = '</sheetData></worksheet>';
  // Rows without r= attributes are identical, so one block can be repeated (126 bytes a row: 2,000,000
  // rows are 240 MB, the audit's case); the price has too many decimals for rupees.
  const row = '<row><c t="inlineStr"><is><t>X-1</t></is></c><c t="inlineStr"><is><t>Bomb item with name</t></is></c><c><v>0.001</v></c></row>';
  const perBlock = 10_000;
  const block = Buffer.from(row.repeat(perBlock), 'utf8');
  const blocks = Math.ceil((rows - 1) / perBlock);
  const headBuf = Buffer.from(head, 'utf8');
  const tailBuf = Buffer.from(tail, 'utf8');
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const deflatedHead = deflateRawSync(headBuf, flush);
  const deflatedBlock = deflateRawSync(block, flush);
  const deflatedTail = deflateRawSync(tailBuf); // final block
  let crc = crc32(headBuf);
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc);
  crc = crc32(tailBuf, crc);
  const sheetSize = headBuf.length + block.length * blocks + tailBuf.length;
  const sheet: Part = { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat([deflatedHead, ...Array.from({ length: blocks }, () => deflatedBlock), deflatedTail]), crc, size: sheetSize };
  const parts = [
    storedDeflate('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    storedDeflate('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    storedDeflate('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Products" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    storedDeflate('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    sheet,
  ];
  const bytes = zip(parts);
  writeFileSync(path, bytes);
  return { bytes: bytes.length, unpacked: parts.reduce((n, p) => n + p.size, 0) };
}
