// Open the report's HTML in Debian's Chromium, scan it with axe-core for WCAG 2.1 A/AA
// violations, record every request the page makes, try the table of contents, and measure
// the page at 320, 768 and 1280 CSS pixels wide.
// Prints one JSON object on stdout; never downloads a browser.
//
//   node tests/browser/check.mjs build/gbvs-voortgangsrapportage-2020-2021.html
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const file = process.argv[2];
if (!file) {
  console.error("gebruik: node check.mjs RAPPORT.html");
  process.exit(2);
}
const pageUrl = pathToFileURL(file).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromiumSandbox: false, // root in CI: Chromium refuses its sandbox there
  // Playwright gives every launch a fresh, temporary profile (user data dir).
  args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  const requests = [];
  // Every request but the one for the report itself is recorded and blocked (inline data:
  // URLs are part of the page and never reach the router).
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pageUrl, { waitUntil: "load" });

  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const axe = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    const brief = (items) => items.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
    return { violations: brief(result.violations), passes: result.passes.map((p) => p.id),
             incomplete: brief(result.incomplete) };
  });

  // The table of contents works when clicking its last entry brings that section into view.
  const links = await page.$$eval("nav a[href^='#']", (as) => as.map((a) => a.getAttribute("href")));
  let toc = { links: links.length, broken: [], lastTargetInView: false };
  toc.broken = await page.evaluate((hrefs) => hrefs.filter((h) => !document.getElementById(h.slice(1))), links);
  if (links.length) {
    await page.click(`nav a[href='${links[links.length - 1]}']`);
    await page.waitForTimeout(100);
    toc.lastTargetInView = await page.evaluate((href) => {
      const box = document.getElementById(href.slice(1)).getBoundingClientRect();
      return location.hash === href && box.top >= -1 && box.top < window.innerHeight;
    }, links[links.length - 1]);
  }
  const lang = await page.evaluate(() => document.documentElement.lang);

  // Reflow (WCAG 2.1 SC 1.4.10) and chart text at a phone's, a tablet's and a desktop's width:
  // how wide the page is, the body text's size, and the smallest chart text as drawn (its font
  // size times the scale at which its SVG is drawn). Wide tables and charts may scroll inside
  // their own region; the page itself must not scroll sideways.
  const widths = {};
  for (const width of [320, 768, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    widths[width] = await page.evaluate(() => {
      const body = document.querySelector("main p") ?? document.body;
      const sizes = [...document.querySelectorAll("figure svg text")].map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
      const region = (e) => e.closest("[role=region][tabindex='0']");
      const wider = [...document.body.querySelectorAll("*")]
        .filter((e) => !region(e) && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
      return { scrollWidth: document.documentElement.scrollWidth, bodyText: parseFloat(getComputedStyle(body).fontSize),
               chartTexts: sizes.length, smallestChartText: sizes.length ? Math.min(...sizes) : null, wider };
    });
  }
  console.log(JSON.stringify({ url: pageUrl, lang, requests, toc, widths, ...axe }, null, 1));
} finally {
  await browser.close();
}
