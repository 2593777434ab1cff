// The fields each import kind knows, with their header synonyms in English, Arabic and Hindi.
// A synonym may carry a weight below 1 when it is a weaker hint ("Description" is a fine product
// name when there is nothing better, but a separate description column when there is).
import type { ImportKind } from '../../src-shared/schemas/import.js';

export interface FieldDef {
  key: string;
  /** How the UI and the CLI name it ("Product Name"); accepted by --map as well as the key. */
  label: string;
  required: boolean;
  synonyms: (string | [string, number])[];
}

const products: FieldDef[] = [
  {
    key: 'name',
    label: 'Product Name',
    required: true,
    synonyms: [
      'product name', 'product', 'item', 'item name', 'name', 'particulars', 'goods', 'article', 'product title', 'item description', 'name of product', 'name of item',
      ['description', 0.9], ['product description', 0.95],
      'اسم المنتج', 'المنتج', 'منتج', 'الصنف', 'اسم الصنف', 'البند', 'السلعة', 'اسم السلعة', ['الوصف', 0.9], ['الاسم', 0.95],
      'उत्पाद का नाम', 'उत्पाद', 'वस्तु', 'वस्तु का नाम', 'सामान', 'माल', 'आइटम', ['नाम', 0.95], ['विवरण', 0.9],
    ],
  },
  {
    key: 'price',
    label: 'Base Price',
    required: true,
    synonyms: [
      'base price', 'price', 'rate', 'unit price', 'mrp', 'selling price', 'sale price', 'sales price', 'price per unit', 'unit rate', 'list price', 'rate per unit', 'unit cost',
      ['amount', 0.7], ['cost', 0.8],
      'السعر', 'سعر', 'سعر الوحدة', 'السعر الأساسي', 'سعر البيع', 'الثمن',
      'मूल्य', 'दर', 'कीमत', 'इकाई मूल्य', 'एमआरपी', 'विक्रय मूल्य', 'मूल कीमत', 'मूल मूल्य',
    ],
  },
  {
    key: 'sku',
    label: 'SKU',
    required: false,
    synonyms: [
      'sku', 'code', 'item code', 'product code', 'article code', 'article number', 'part number', 'part no', 'item no', 'product id', 'item id', 'sku code', ['barcode', 0.8], ['ean', 0.8],
      'الرمز', 'رمز', 'رمز المنتج', 'الكود', 'كود', 'رمز الصنف', 'كود الصنف',
      'कोड', 'उत्पाद कोड', 'एसकेयू', 'आइटम कोड', 'वस्तु कोड',
    ],
  },
  {
    key: 'hsn',
    label: 'HSN',
    required: false,
    synonyms: ['hsn', 'hsn code', 'sac', 'sac code', 'hsn sac', 'hsn sac code', 'hsn or sac', 'hs code', 'tariff code', 'رمز النظام المنسق', 'رمز hs', 'एचएसएन', 'एचएसएन कोड', 'एसएसी', 'एसएसी कोड'],
  },
  {
    key: 'taxRate',
    label: 'Tax %',
    required: false,
    synonyms: [
      'gst %', 'gst', 'gst rate', 'tax rate', 'tax %', 'tax', 'vat %', 'vat', 'vat rate', 'igst', 'igst rate', 'rate of tax', 'tax percent', 'gst percent', 'tax percentage',
      'ضريبة القيمة المضافة', 'نسبة الضريبة', 'الضريبة', 'معدل الضريبة', 'نسبة ضريبة القيمة المضافة', 'ض ق م',
      'जीएसटी', 'जीएसटी दर', 'कर दर', 'कर', 'जीएसटी प्रतिशत',
    ],
  },
  {
    key: 'unit',
    label: 'Unit',
    required: false,
    synonyms: ['unit', 'uom', 'units', 'unit of measure', 'unit of measurement', 'measure', 'الوحدة', 'وحدة', 'وحدة القياس', 'इकाई', 'मात्रक', 'यूनिट'],
  },
  {
    key: 'description',
    label: 'Description',
    required: false,
    synonyms: ['description', 'details', 'desc', 'long description', 'الوصف', 'وصف', 'التفاصيل', 'विवरण'],
  },
  {
    key: 'cessRate',
    label: 'Cess %',
    required: false,
    synonyms: ['cess', 'cess rate', 'cess %', 'compensation cess', 'सेस', 'उपकर'],
  },
];

const customers: FieldDef[] = [
  {
    key: 'name',
    label: 'Customer Name',
    required: true,
    synonyms: [
      'customer name', 'customer', 'name', 'client', 'client name', 'party', 'party name', 'buyer', 'buyer name', 'company', 'company name', 'business name', 'bill to', 'legal name',
      'اسم العميل', 'العميل', 'الاسم', 'اسم الزبون', 'الزبون', 'اسم الشركة',
      'ग्राहक का नाम', 'ग्राहक', 'नाम', 'पार्टी', 'पार्टी का नाम', 'खरीदार',
    ],
  },
  {
    key: 'taxId',
    label: 'Tax ID',
    required: false,
    synonyms: [
      'gstin', 'gst number', 'gst no', 'gstin uin', 'gst', 'tax id', 'tax number', 'vat number', 'vat no', 'vat registration number', 'vat id', 'trn', 'tin', 'vatin', 'customer gstin',
      'الرقم الضريبي', 'رقم التسجيل الضريبي', 'رقم ضريبة القيمة المضافة', 'رقم التعريف الضريبي',
      'जीएसटीआईएन', 'जीएसटी नंबर', 'जीएसटी संख्या', 'कर पहचान संख्या',
    ],
  },
  { key: 'state', label: 'State', required: false, synonyms: ['state', 'state code', 'province', 'region', 'place of supply', 'pos', 'المحافظة', 'الولاية', 'المنطقة', 'राज्य', 'राज्य कोड'] },
  { key: 'country', label: 'Country', required: false, synonyms: ['country', 'country code', 'nation', 'الدولة', 'البلد', 'देश'] },
  { key: 'address', label: 'Address', required: false, synonyms: ['address', 'billing address', 'addr', 'street', 'full address', 'العنوان', 'पता', 'बिलिंग पता'] },
  { key: 'email', label: 'Email', required: false, synonyms: ['email', 'e mail', 'mail', 'email address', 'email id', 'البريد الإلكتروني', 'البريد', 'ईमेल', 'ई मेल'] },
  {
    key: 'phone',
    label: 'Phone',
    required: false,
    synonyms: ['phone', 'mobile', 'telephone', 'tel', 'contact', 'contact number', 'phone number', 'mobile number', 'mobile no', 'phone no', 'الهاتف', 'الجوال', 'رقم الهاتف', 'هاتف', 'फ़ोन', 'फोन', 'मोबाइल', 'मोबाइल नंबर'],
  },
];

const orders: FieldDef[] = [
  { key: 'orderId', label: 'Order ID', required: false, synonyms: ['order id', 'order no', 'order number', 'order', 'order ref', 'order reference', 'reference', 'ref', 'so number', 'so no', 'po number', 'رقم الطلب', 'الطلب', 'आदेश संख्या', 'ऑर्डर नंबर', 'ऑर्डर'] },
  { key: 'date', label: 'Date', required: true, synonyms: ['date', 'order date', 'invoice date', 'bill date', 'sale date', 'transaction date', 'التاريخ', 'تاريخ الطلب', 'تاريخ', 'तारीख', 'दिनांक', 'तिथि'] },
  {
    key: 'customer',
    label: 'Customer',
    required: true,
    synonyms: ['customer', 'customer name', 'party', 'party name', 'client', 'client name', 'buyer', 'bill to', 'sold to', 'العميل', 'اسم العميل', 'الزبون', 'ग्राहक', 'ग्राहक का नाम', 'पार्टी'],
  },
  { key: 'customerTaxId', label: 'Customer Tax ID', required: false, synonyms: ['gstin', 'customer gstin', 'party gstin', 'tax id', 'vat number', 'trn', 'buyer gstin', 'الرقم الضريبي', 'जीएसटीआईएन'] },
  {
    key: 'product',
    label: 'Product',
    required: true,
    synonyms: ['product', 'item', 'sku', 'item code', 'product code', 'product name', 'item name', 'code', ['description', 0.8], 'particulars', 'المنتج', 'الصنف', 'رمز المنتج', 'उत्पाद', 'वस्तु', 'आइटम'],
  },
  { key: 'quantity', label: 'Quantity', required: true, synonyms: ['quantity', 'qty', 'qnty', 'no of units', 'nos', 'pcs', ['units', 0.8], 'الكمية', 'كمية', 'मात्रा', 'संख्या'] },
  { key: 'price', label: 'Price', required: false, synonyms: ['price', 'rate', 'unit price', 'selling price', 'price per unit', 'السعر', 'سعر الوحدة', 'दर', 'मूल्य', 'कीमत'] },
  { key: 'customerState', label: 'Customer State', required: false, synonyms: ['state', 'customer state', 'place of supply', 'pos', 'state code', 'المحافظة', 'राज्य'] },
  { key: 'customerCountry', label: 'Customer Country', required: false, synonyms: ['country', 'customer country', 'الدولة', 'देश'] },
  { key: 'customerAddress', label: 'Customer Address', required: false, synonyms: ['address', 'customer address', 'billing address', 'العنوان', 'पता'] },
  // The delivery (ship-to) party and address when it differs from the billing address (CGST Rules r.46(o)).
  { key: 'shipToName', label: 'Ship To Name', required: false, synonyms: ['ship to', 'ship to name', 'consignee', 'consignee name', 'deliver to', 'delivery name', 'الشحن إلى', 'المرسل إليه', 'परेषिती', 'शिप टू'] },
  { key: 'shipToAddress', label: 'Ship To Address', required: false, synonyms: ['ship to address', 'shipping address', 'delivery address', 'consignee address', 'عنوان الشحن', 'عنوان التسليم', 'डिलीवरी पता', 'शिपिंग पता'] },
  { key: 'shipToState', label: 'Ship To State', required: false, synonyms: ['ship to state', 'shipping state', 'delivery state', 'consignee state', 'ولاية الشحن', 'डिलीवरी राज्य', 'शिपिंग राज्य'] },
];

export const FIELDS: Record<ImportKind, FieldDef[]> = { products, customers, orders };
