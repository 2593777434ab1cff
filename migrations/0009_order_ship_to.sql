-- Imported orders keep the delivery (ship-to) party, address and state of a spreadsheet's ship-to
-- columns, as orders JSON already gives them, so an invoice made from them prints the ship-to
-- address (CGST Rules r.46(e), (o); docs/TAX-RULES.md, section E).
ALTER TABLE orders ADD COLUMN ship_to_name TEXT;
ALTER TABLE orders ADD COLUMN ship_to_address TEXT;
ALTER TABLE orders ADD COLUMN ship_to_state TEXT;
