// Reads a PDF back the way Firefox's viewer does (pdf.js) and prints what a reader gets, as
// JSON: each page's text, the outline (bookmarks) and the links, each destination resolved
// to a page index and height.  Usage: node read.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;

async function resolve(dest) {
  const explicit = typeof dest === "string" ? await pdf.getDestination(dest) : dest;
  if (!explicit) return null;
  const page = await pdf.getPageIndex(explicit[0]);
  const top = explicit[1]?.name === "XYZ" ? explicit[3] : null;
  return { page, top };
}

async function outline(items, out, level) {
  for (const item of items || []) {
    const target = item.dest ? await resolve(item.dest) : null;
    out.push({ title: item.title, level, ...target });
    await outline(item.items, out, level + 1);
  }
  return out;
}

const pages = [];
const links = [];
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  for (const annotation of await page.getAnnotations()) {
    if (annotation.subtype !== "Link") continue;
    const target = annotation.dest ? await resolve(annotation.dest) : null;
    links.push({ on: number - 1, rect: annotation.rect, url: annotation.url || null, target });
  }
}
const meta = await pdf.getMetadata();
const attached = (await pdf.getAttachments()) ?? {};
console.log(JSON.stringify({
  attachments: Object.values(attached).map((file) => ({
    name: file.filename,
    description: file.description ?? null,
    data: Buffer.from(file.content).toString("base64"),
  })),
  pages,
  outline: await outline(await pdf.getOutline(), [], 0),
  links,
  title: meta.info?.Title ?? null,
  language: meta.info?.Language ?? null,
}));
