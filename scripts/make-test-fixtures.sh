#!/usr/bin/env bash
# Regenerates the committed PDF fixtures that need qpdf, so that the tests (and CI) don't:
#   tests/fixtures/encrypted.pdf   needs a password to open (user "user-secret", owner "owner-secret")
#   tests/fixtures/owner-only.pdf  has only an owner password: it opens without one and must be read normally
# Needs Node with the dev dependencies installed (pdf-lib) and qpdf (Debian: apt-get install qpdf).
# AES-256 encryption uses random salts, so each run gives different bytes; any of them serves.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v qpdf >/dev/null || { echo "qpdf is needed: apt-get install qpdf" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

node --input-type=module - "$tmp/plain.pdf" <<'JS'
import { writeFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const doc = await PDFDocument.create();
const font = await doc.embedFont(StandardFonts.TimesRoman);
const page = doc.addPage([612, 792]);
page.drawText('4.2 Retention Period. Vendor shall delete each Read thirty (30) days after capture.', {
  x: 72, y: 700, size: 11, font,
});
writeFileSync(process.argv[2], await doc.save({ useObjectStreams: false }));
JS

mkdir -p tests/fixtures
qpdf --encrypt user-secret owner-secret 256 -- "$tmp/plain.pdf" tests/fixtures/encrypted.pdf
qpdf --encrypt '' owner-secret 256 -- "$tmp/plain.pdf" tests/fixtures/owner-only.pdf
ls -l tests/fixtures/encrypted.pdf tests/fixtures/owner-only.pdf
