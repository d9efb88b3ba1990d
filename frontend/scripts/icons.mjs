// firstyear's icon: a teal rounded square with a white numeral 1 and a small
// green dot (a first year going well). Drawn from one shape list into SVG and,
// with a tiny supersampling rasteriser, into PNG and ICO, so no image tools
// or native packages are needed and the output is byte-for-byte repeatable.
//
// Not GOV.UK's crown or crest: those are reserved for GOV.UK.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

export const BRAND = "#0b4144"; // GOV.UK teal, 50% shade: matches the header
const WHITE = "#ffffff";
const GREEN = "#92d050"; // Fingertips "better" green

// Shapes on a 64 × 64 grid, painted in order.
const SHAPES = [
  { type: "roundrect", x: 0, y: 0, w: 64, h: 64, r: 12, fill: BRAND },
  // The 1: flag, stem and foot.
  { type: "polygon", points: [[29, 12], [38, 12], [38, 22], [29, 22], [19, 27], [19, 19]], fill: WHITE },
  { type: "rect", x: 29, y: 12, w: 9, h: 36, fill: WHITE },
  { type: "rect", x: 20, y: 45, w: 27, h: 7, fill: WHITE },
  { type: "circle", cx: 48, cy: 17, r: 6, fill: GREEN },
];

function svg(shapes, { title } = {}) {
  const body = shapes
    .map((s) => {
      switch (s.type) {
        case "roundrect":
          return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.fill}"/>`;
        case "rect":
          return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" fill="${s.fill}"/>`;
        case "polygon":
          return `<polygon points="${s.points.map((p) => p.join(",")).join(" ")}" fill="${s.fill}"/>`;
        case "circle":
          return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.fill}"/>`;
        default:
          throw new Error(s.type);
      }
    })
    .join("");
  const t = title ? `<title>${title}</title>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">${t}${body}</svg>\n`;
}

function inside(s, x, y) {
  switch (s.type) {
    case "rect":
      return x >= s.x && x < s.x + s.w && y >= s.y && y < s.y + s.h;
    case "circle":
      return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
    case "roundrect": {
      if (x < s.x || x >= s.x + s.w || y < s.y || y >= s.y + s.h) return false;
      const cx = Math.min(Math.max(x, s.x + s.r), s.x + s.w - s.r);
      const cy = Math.min(Math.max(y, s.y + s.r), s.y + s.h - s.r);
      return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
    }
    case "polygon": {
      let hit = false;
      const p = s.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i];
        const [xj, yj] = p[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
      return hit;
    }
    default:
      throw new Error(s.type);
  }
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

// RGBA pixels at size × size, 8 × 8 samples per pixel.
function rasterise(shapes, size, padding = 0) {
  const n = 8;
  const px = Buffer.alloc(size * size * 4);
  const scale = (64 + 2 * padding) / size;
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (pxl + (sx + 0.5) / n) * scale - padding;
          const y = (py + (sy + 0.5) / n) * scale - padding;
          let colour = null;
          for (const s of shapes) if (inside(s, x, y)) colour = s.fill;
          if (colour) {
            const [cr, cg, cb] = rgb(colour);
            r += cr; g += cg; b += cb; a += 1;
          }
        }
      }
      const o = (py * size + pxl) * 4;
      if (a) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(pixels, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ICO holding PNG images (supported by every current browser).
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

// Writes the icons into imagesDir and manifest.json into manifestDir; returns the paths.
export function writeIcons(imagesDir, manifestDir) {
  mkdirSync(imagesDir, { recursive: true });
  const written = [];
  const write = (path, data) => {
    writeFileSync(path, data);
    written.push(path);
  };

  write(join(imagesDir, "favicon.svg"), svg(SHAPES));
  // Header mark: same drawing, used inline in base.html; kept here for reuse.
  write(join(imagesDir, "firstyear-mark.svg"), svg(SHAPES, { title: "firstyear" }));

  const pngAt = (size, padding = 0) => png(rasterise(SHAPES, size, padding), size);
  write(join(imagesDir, "favicon.ico"), ico([16, 32, 48].map((size) => ({ size, data: pngAt(size) }))));
  // Apple touch icon: iOS rounds the corners itself and shows no transparency,
  // so draw the square edge to edge.
  const full = [{ ...SHAPES[0], r: 0 }, ...SHAPES.slice(1)];
  write(join(imagesDir, "icon-180.png"), png(rasterise(full, 180), 180));
  write(join(imagesDir, "icon-192.png"), pngAt(192));
  write(join(imagesDir, "icon-512.png"), pngAt(512));

  const manifest = {
    name: "firstyear",
    short_name: "firstyear",
    description: "Infant mortality intelligence, child death review and action planning",
    start_url: "/",
    display: "browser",
    background_color: "#ffffff",
    theme_color: BRAND,
    icons: [
      { src: "images/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "images/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "images/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
    ],
  };
  write(join(manifestDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return written;
}
