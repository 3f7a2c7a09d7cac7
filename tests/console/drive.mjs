// Drives the operator console in a real browser (Debian's chromium through playwright-core) for
// tests/integration/test_console.py, one scenario per run; prints one JSON line with what it saw.
//   node drive.mjs <scenario> <json arguments>
// Arguments: {url, token, shots, ...scenario's own}. Scenarios: pages, edit-template, rollback,
// add-word, remove-word, viewer, cross-site.
import { createServer } from "node:http";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../bot/console/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [scenario, argsText] = process.argv.slice(2);
const args = JSON.parse(argsText ?? "{}");
const browserPath = process.env.STEWARD_CHROMIUM ?? "/usr/bin/chromium";

const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: args.locale ?? "en-US" });
const page = await context.newPage();
const problems = [];
page.on("console", (m) => {
  if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
});
page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));

async function signIn(token = args.token) {
  await page.goto(`${args.url}/console/`);
  await page.fill("#token", token);
  await page.click("button[type=submit]");
  await page.waitForSelector("nav a");
}

async function shot(name) {
  if (!args.shots) return;
  mkdirSync(args.shots, { recursive: true });
  await page.screenshot({ path: join(args.shots, `${name}.png`), fullPage: true });
}

async function settled() {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".loading"));
}

/** Tabs through the page; the interactive controls focus never reached. */
async function unreachable() {
  const total = await page.evaluate(() => {
    document.querySelectorAll("[data-reached]").forEach((e) => e.removeAttribute("data-reached"));
    // Start from the top: the page is a single document, so focus may still be where the last
    // page left it (and a blurred element stays the starting point of the next Tab).
    const first = document.querySelector("a[href], button, input, select, textarea");
    first.focus();
    first.setAttribute("data-reached", "1");
    return document.querySelectorAll("a[href], button, input, select, textarea").length;
  });
  // Date and time fields take several Tabs each (day, month, year, …): Tab until every control
  // was reached, or far past the number of controls.
  for (let i = 0; i < total * 8; i++) {
    await page.keyboard.press("Tab");
    const left = await page.evaluate(() => {
      document.activeElement?.setAttribute("data-reached", "1");
      return Array.from(document.querySelectorAll("a[href], button, input, select, textarea")).filter(
        (e) => !e.hasAttribute("data-reached") && !e.disabled && e.offsetParent !== null,
      ).length;
    });
    if (left === 0) break;
  }
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("a[href], button, input, select, textarea"))
      .filter((e) => !e.hasAttribute("data-reached") && !e.disabled && e.offsetParent !== null)
      .map((e) => e.outerHTML.slice(0, 80)),
  );
}

const scenarios = {
  // Every page in both languages: no console errors, every control reachable by keyboard, a
  // screenshot each; and the dashboard's numbers as shown.
  async pages() {
    await signIn();
    const out = { problems, pages: {}, dashboard: {} };
    for (const lang of ["en", "zh"]) {
      await page.selectOption("#language", lang);
      for (const name of ["dashboard", "members", "moderation", "templates", "content", "shop", "settings", "audit", "tokens"]) {
        await page.goto(`${args.url}/console/#/${name}`);
        await settled();
        const heading = await page.textContent("nav a[aria-current=page]");
        out.pages[`${name}-${lang}`] = { heading, unreachable: await unreachable() };
        await shot(`${name}-${lang}`);
      }
      await page.goto(`${args.url}/console/#/members/${args.member}`);
      await settled();
      await shot(`member-${lang}`);
      await page.goto(`${args.url}/console/#/templates/checkin`);
      await settled();
      await shot(`template-${lang}`);
    }
    await page.goto(`${args.url}/console/#/dashboard`);
    await settled();
    out.dashboard = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll("[data-kpi],[data-tier]")).map((e) => [
        e.getAttribute("data-kpi") ?? `tier:${e.getAttribute("data-tier")}`,
        e.textContent,
      ])),
    );
    out.lang = await page.evaluate(() => document.documentElement.lang);
    return out;
  },

  // Saves a new check-in reply through the editor, after its preview rendered.
  async "edit-template"() {
    await signIn();
    await page.goto(`${args.url}/console/#/templates/checkin`);
    await settled();
    // A draft with broken markup: the problem is shown where it is.
    await page.fill("#template-text", args.broken);
    await page.waitForSelector("mark.at");
    const problem = { message: await page.textContent("div.error p"), marked: await page.textContent("mark.at") };
    await page.click("div.error button");
    const selected = await page.evaluate(() => {
      const area = document.getElementById("template-text");
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    await shot("template-problem");
    await page.fill("#template-text", args.text);
    await page.fill("#template-note", "from the console test");
    await page.waitForFunction((t) => document.querySelector(".bubble")?.textContent.includes(t), args.expect);
    const preview = await page.textContent(".bubble");
    await page.click("form.editor button[type=submit]");
    await page.waitForSelector(".notice");
    await shot("template-saved");
    return { problems, preview, problem, selected, notice: await page.textContent(".notice") };
  },

  // Rolls the check-in reply back to the version before the newest.
  async rollback() {
    await signIn();
    await page.goto(`${args.url}/console/#/templates/checkin`);
    await settled();
    const before = await page.inputValue("#template-text");
    await page.click("table.versions tbody tr:nth-child(2) button");
    await page.waitForSelector(".notice");
    // The editor shows the text in force once the page has read it back (a load state is reached
    // only once per page, so wait for the text itself).
    await page.waitForFunction((was) => document.getElementById("template-text").value !== was, before);
    return { problems, notice: await page.textContent(".notice"), text: await page.inputValue("#template-text") };
  },

  // Adds a word to the list, then tries it in the sandbox until the recompiled rules flag it.
  async "add-word"() {
    await signIn();
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    await page.fill("input[name=words-word]", args.word);
    await page.click("form.words:has(input[name=words-word]) button[type=submit]");
    await page.waitForSelector("form.words .notice, section .notice");
    let action = "allow";
    for (let i = 0; i < 50 && action === "allow"; i++) {
      await page.fill("#sandbox-text", args.message);
      await page.click("form.sandbox button[type=submit]");
      await page.waitForSelector(".verdict");
      action = await page.getAttribute(".verdict", "data-action");
      if (action === "allow") await page.waitForTimeout(200);
    }
    await shot("sandbox");
    return { problems, action, marked: await page.textContent(".verdict mark") };
  },

  // Takes a listed word off the word list with its row's button; returns what the list then says.
  async "remove-word"() {
    await signIn();
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    const row = page.locator("section:has(form.words input[name=words-word]) tr", { hasText: args.word });
    const source = await row.locator("td.source").textContent();
    await row.locator("button").click();
    await page.waitForSelector("section .removed-words");
    await shot("words-removed");
    return {
      problems,
      source,
      removed: await page.textContent("section .removed-words"),
      listed: await page.locator("section:has(form.words input[name=words-word]) tbody td:first-child").allTextContents(),
    };
  },

  // Switches the word rule into shadow and tries a listed word in the sandbox.
  async shadow() {
    await signIn();
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    await page.click("tr[data-rule=word] button.flip");
    await page.waitForFunction(() => /shadow|影子/.test(document.querySelector("tr[data-rule=word] [data-field=mode]")?.textContent ?? ""));
    const mode = await page.textContent("tr[data-rule=word] [data-field=mode]");
    await page.fill("#sandbox-text", args.message);
    await page.click("form.sandbox button[type=submit]");
    await page.waitForSelector(".verdict");
    await shot("rules-shadow");
    return { problems, mode, action: await page.getAttribute(".verdict", "data-action"), verdict: await page.textContent(".verdict") };
  },

  // The classifier's quality and samples; removes the newest sample.
  async learning() {
    await signIn();
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    await page.waitForSelector("section.learning [data-field=precision]");
    await page.waitForSelector("table.samples tr[data-sample]");
    const read = (field) => page.textContent(`section.learning [data-field=${field}]`);
    const seen = { samples: await read("samples"), precision: await read("precision"), recall: await read("recall"), mode: await read("learned-mode") };
    const before = await page.locator("table.samples tr[data-sample]").count();
    await shot("learning");
    await page.click("table.samples tr[data-sample] button.remove");
    await page.waitForFunction((n) => document.querySelectorAll("table.samples tr[data-sample]").length === n - 1, before);
    const after = await page.locator("table.samples tr[data-sample]").count();
    return { problems, ...seen, before, after, samplesAfter: await read("samples") };
  },

  // Replays the rules over the group's stored messages.
  async replay() {
    await signIn();
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    await page.fill("#replay-days", "2");
    await page.click("form.replay button[type=submit]");
    await page.waitForSelector("[data-field=replay-summary]");
    await shot("rules-replay");
    return { problems, summary: await page.textContent("[data-field=replay-summary]"), report: await page.textContent(".replay-report") };
  },

  // A viewer sees no editing controls, and the server refuses a write even when tried by hand.
  async viewer() {
    await signIn();
    await page.goto(`${args.url}/console/#/templates/checkin`);
    await settled();
    const saveButtons = await page.locator("form.editor button[type=submit]").count();
    const auditLink = await page.locator("nav a[href='#/audit']").count();
    const write = await page.evaluate(async () => {
      const who = await (await fetch("/api/v1/session")).json();
      const res = await fetch("/api/v1/templates/checkin", {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": who.csrf },
        body: JSON.stringify({ text: "viewer was here {name}", language: "en" }),
      });
      return res.status;
    });
    return { problems, saveButtons, auditLink, write };
  },

  // Grants points on a member's profile, then tries to deduct more than the balance.
  async "adjust-points"() {
    await signIn();
    await page.goto(`${args.url}/console/#/members/${args.member}`);
    await settled();
    await page.fill("#points-delta", "50");
    await page.fill("#points-reason", "helpful answer");
    await page.click("form.adjust button[type=submit]");
    await page.waitForSelector("form.adjust .notice");
    const granted = await page.textContent("form.adjust .notice");
    await page.waitForFunction(() => document.body.textContent.includes("helpful answer"));
    const ledger = await page.textContent("table.ledger");
    await page.fill("#points-delta", "-100000");
    await page.fill("#points-reason", "too much");
    await page.click("form.adjust button[type=submit]");
    await page.waitForSelector("form.adjust .error");
    const refused = await page.textContent("form.adjust .error");
    await shot("member-points");
    return { problems, granted, ledger, refused, points: await page.textContent("[data-field=points]") };
  },

  // Mutes a member (Telegram confirms), bans them (Telegram refuses: the operator reads why),
  // and approves them, all from the profile.
  async sanction() {
    await signIn();
    await page.goto(`${args.url}/console/#/members/${args.member}`);
    await settled();
    await page.selectOption("#sanction-order", "mute");
    await page.fill("#sanction-duration", "10m");
    await page.fill("#sanction-reason", "spam links");
    await page.click("form.sanction button[type=submit]");
    await page.waitForFunction(() => /Telegram (confirmed|已确认)/.test(document.querySelector("form.sanction .notice")?.textContent ?? ""));
    const muted = await page.textContent("form.sanction .notice");
    await page.selectOption("#sanction-order", "ban");
    await page.click("form.sanction button[type=submit]");
    const asked = await page.textContent("form.sanction [role=alertdialog]");
    await page.click("#sanction-confirm");
    await page.waitForSelector("form.sanction .error");
    const banned = await page.textContent("form.sanction .error");
    await page.click("#approval-toggle");
    await page.waitForFunction(() => /Approved:|已批准：/.test(document.querySelector("[data-field=approved]")?.textContent ?? ""));
    const decisions = await page.textContent("table.decisions");
    await shot("member-sanction");
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    await page.fill("#log-rule", "ban");
    await page.click("section form.filters button[type=submit]");
    await page.waitForFunction(() => {
      const log = document.querySelector("table.log");
      return log && !log.textContent.includes("mute until");
    });
    const filtered = await page.textContent("table.log");
    return { problems, muted, asked, banned, decisions, filtered };
  },

  // Sets the group's time zone, creates a token (shown once), then revokes it.
  async "tokens-settings"() {
    await signIn();
    await page.goto(`${args.url}/console/#/settings`);
    await settled();
    await page.fill("#group-zone", args.zone);
    await page.click("form.editor button[type=submit]");
    await page.waitForSelector("form.editor .notice");
    await page.goto(`${args.url}/console/#/tokens`);
    await settled();
    await page.fill("#token-name", "Dashboard screen");
    await page.click("form.inline button[type=submit]");
    await page.waitForSelector("#new-token");
    const token = await page.textContent("#new-token");
    await page.waitForFunction(() => document.body.textContent.includes("Dashboard screen"));
    await shot("tokens-created");
    const revoke = page.locator("tr", { hasText: "Dashboard screen" }).locator("button");
    const beforeRevoke = await page.evaluate(async (tok) =>
      (await fetch("/api/v1/groups", { headers: { Authorization: `Bearer ${tok}` } })).status, token);
    await revoke.click();
    await page.waitForFunction(() => !document.querySelector("tr button") || document.body.textContent.includes("revoked"));
    const afterRevoke = await page.evaluate(async (tok) =>
      (await fetch("/api/v1/groups", { headers: { Authorization: `Bearer ${tok}` } })).status, token);
    return { problems, token, beforeRevoke, afterRevoke };
  },

  // Saves an FAQ entry whose trigger collides with a word rule, and a weekly post.
  async content() {
    await signIn();
    await page.goto(`${args.url}/console/#/content`);
    await settled();
    await page.fill("#faq-id", "money");
    await page.fill("#faq-triggers", "free money\nhow do I earn points");
    await page.fill("#faq-answer", "Check in every day with 签到.");
    await page.click("form.faq-editor button[type=submit]");
    await page.waitForSelector("form.faq-editor .warnings");
    const warning = await page.textContent("form.faq-editor .warnings");
    await page.fill("#post-id", "monday");
    await page.fill("#post-when", "0 9 * * 1");
    await page.fill("#post-text", "新的一周开始啦！");
    await page.click("form.schedule-editor button[type=submit]");
    await page.waitForSelector("ol.runs li");
    const runs = await page.$$eval("ol.runs li", (li) => li.map((e) => e.textContent));
    await shot("content-edited");
    return { problems, warning, runs };
  },

  // Lists the templates by topic, then finds the report texts by a word.
  async templates() {
    await signIn();
    await page.goto(`${args.url}/console/#/templates`);
    await settled();
    const topics = await page.$$eval("section.template-topic h3", (hs) => hs.map((h) => h.textContent));
    await page.fill("#template-filter", "report");
    await page.waitForFunction(() => document.querySelectorAll("section.template-topic").length <= 2);
    const found = await page.$$eval("section.template-topic td a", (as) => as.map((a) => a.textContent));
    await shot("templates-found");
    return { problems, topics, found };
  },

  // Starts an A/B test of the welcome, sees it listed, and stops it.
  async experiment() {
    await signIn();
    await page.goto(`${args.url}/console/#/templates`);
    await settled();
    await page.fill("#exp-name", "warm-welcome");
    await page.fill("#exp-variant", "👋 {name}，欢迎来到 {group}！先签个到吧～");
    await page.click("form.experiment-editor button[type=submit]");
    await page.waitForFunction(() => document.body.textContent.includes("warm-welcome"));
    const row = page.locator("tr", { hasText: "warm-welcome" });
    const shown = await row.textContent();
    await shot("experiment");
    await row.locator("button").click();
    await page.waitForSelector("form.experiment-editor .notice, section .notice");
    return { problems, shown };
  },

  // Creates an item with stock, a limit and an end date, changes the configured one's price,
  // and withdraws a third.
  async shop() {
    await signIn();
    await page.goto(`${args.url}/console/#/shop`);
    await settled();
    const fill = async (item) => {
      for (const [name, value] of Object.entries(item)) await page.fill(`#item-${name}`, value);
      await page.click("form.item-editor button[type=submit]");
      await page.waitForSelector("form.item-editor .notice");
      await page.waitForFunction((id) => document.body.textContent.includes(id), item.name);
    };
    await fill({ id: "mug", name: "Steward mug", price: "30", stock: "5", per_member_limit: "1", valid_until: "2027-01-01T00:00" });
    await page.locator("tr", { hasText: "Sticker pack" }).locator("button", { hasText: "Edit" }).click();
    await page.fill("#item-price", "12");
    await page.click("form.item-editor button[type=submit]");
    await page.waitForFunction(() => Array.from(document.querySelectorAll("tr")).some((r) => r.textContent.includes("Sticker pack") && r.textContent.includes("12")));
    await fill({ id: "old", name: "Old badge", price: "1" });
    await page.locator("tr", { hasText: "Old badge" }).locator("button", { hasText: "Withdraw" }).click();
    await page.waitForFunction(() => !document.body.textContent.includes("Old badge"));
    await shot("shop-edited");
    return { problems };
  },

  // Signs in with a one-time link, looks at what the session may see, then tries the link again
  // in a fresh browser.
  async link() {
    await page.goto(args.link);
    await page.waitForSelector("nav a");
    await settled();
    const groups = await page.$$eval("#group option", (o) => o.map((e) => e.value));
    const members = await page.textContent("[data-kpi=members]");
    await shot("link-dashboard");
    await page.goto(`${args.url}/console/#/moderation`);
    await settled();
    const logRows = await page.locator("section:has(h2) table tbody tr").count();
    const navigation = await page.$$eval("nav a", (a) => a.map((e) => e.getAttribute("href")));
    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(args.link);
    await second.waitForSelector(".login .error");
    const refused = await second.textContent(".login .error");
    await again.close();
    return { problems, groups, members, logRows, navigation, refused, url: page.url() };
  },

  // A page on another origin posts a form to the API with the signed-in browser's cookie.
  async "cross-site"() {
    await signIn();
    const evil = createServer((req, res) => {
      res.setHeader("Content-Type", "text/html");
      res.end(`<form id=f method=post enctype=text/plain action="${args.url}/api/v1/rules/words">
        <input name='{"word":"${args.word}","x":"' value='"}'></form>
        <script>document.getElementById("f").submit()</script>`);
    });
    await new Promise((ok) => evil.listen(0, "127.0.0.1", ok));
    const origin = `http://127.0.0.1:${evil.address().port}`;
    const response = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/v1/rules/words")),
      page.goto(`${origin}/`),
    ]).then(([r]) => r);
    const status = response.status();
    const body = await response.text();
    evil.close();
    return { status, body };
  },
};

let result;
try {
  result = await scenarios[scenario]();
} catch (e) {
  result = { failed: String(e?.stack ?? e), problems };
  await shot(`failed-${scenario}`).catch(() => undefined);
}
await browser.close();
console.log(JSON.stringify(result));
