// A small W3C WebDriver client (classic protocol) for driving the real Stakemap window
// through tauri-driver and WebKitWebDriver. No browser download, no BiDi.

import { execFile, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import fsModule from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

/** Stands for a progress channel in `Session.invoke`'s arguments. */
export const PROGRESS_CHANNEL = "<progress channel>";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

/** The id of an element reference (W3C key, or the legacy one some drivers still send). */
function elementId(ref) {
  const id = ref?.[ELEMENT] ?? ref?.ELEMENT;
  if (!id) throw new WebDriverError(`not an element reference: ${JSON.stringify(ref)}`);
  return id;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts tauri-driver on free ports and waits until it answers. */
export async function startDriver(env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  return launch("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], port, env);
}

/** Starts the app (by default the built one) under its own tauri-driver and returns
 * `{ driver, session }`; `session.answers` answers its native file dialogs (see
 * DialogAnswers). When the X display refuses the new window (GTK cannot start, seen once
 * under a loaded Xvfb) or the start does not answer, it tries once more with a new driver
 * and says so on stderr; a start that fails for any other reason fails at once. */
export async function startApp(env = {}, { application = APP, args = [] } = {}) {
  let last;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const driver = await startDriver(env);
    try {
      const session = await Session.create(driver.base, application, args);
      session.answers = new DialogAnswers(driver.proc.pid);
      const stop = driver.stop;
      driver.stop = () => {
        session.answers.stop();
        return stop();
      };
      return { driver, session };
    } catch (e) {
      const log = driver.log();
      await driver.stop();
      last = new WebDriverError(`could not start ${application}: ${e.message}\n${log}`);
      const display = /Failed to initialize GTK|cannot open display|TimeoutError|aborted/i;
      if (!display.test(`${e.name} ${e.message}\n${log}`)) break;
      if (attempt === 1) console.error(`the window did not start (${e.message.split("\n")[0]}); trying once more`);
    }
  }
  throw last;
}

/** Starts ChromeDriver (Debian's chromium-driver) for checking exported files in a browser. */
export async function startChromeDriver(env = {}) {
  const port = await freePort();
  return launch(process.env.CHROMEDRIVER ?? "chromedriver", [`--port=${port}`], port, env);
}

async function launch(command, args, port, env) {
  // WebDriver's screenshots never come back when WebKit paints the page directly, as the app
  // does without a GPU (src-tauri/src/painting.rs): the tests keep WebKit's compositing
  // unless `env` says otherwise. A variable set to null in `env` is removed.
  const merged = { WEBKIT_DISABLE_COMPOSITING_MODE: "0", ...process.env, ...env };
  for (const [k, v] of Object.entries(merged)) if (v === null || v === undefined) delete merged[k];
  const proc = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: merged,
    // Its own process group, so stop() ends WebKitWebDriver and the app with it.
    detached: true,
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok || r.status < 500) return { base, proc, log: () => log, stop: () => stopGroup(proc) };
    } catch {
      // not up yet
    }
    if (proc.exitCode !== null) break;
    await sleep(100);
  }
  await stopGroup(proc);
  throw new WebDriverError(`${command} did not start (run scripts/setup.sh): ${log}`);
}

/** Ends tauri-driver and everything it started (WebKitWebDriver, the app), and lets go of
 * their output pipes so the test process can exit. */
async function stopGroup(proc) {
  const signal = (sig) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  for (let i = 0; i < 20 && proc.exitCode === null && proc.signalCode === null; i++) await sleep(100);
  signal("SIGKILL");
  proc.stdout?.destroy();
  proc.stderr?.destroy();
  proc.unref();
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, application, args = []) {
    const caps = {
      capabilities: {
        alwaysMatch: {
          "tauri:options": { application, args },
        },
      },
    };
    // The window is up in a few seconds; a start that has not answered in 90 s never will.
    const r = await request(base, "POST", "/session", caps, AbortSignal.timeout(90_000));
    return new Session(base, r.sessionId ?? r.value?.sessionId);
  }

  /** A headless Chromium session with no network and a fresh profile. */
  static async createChrome(base) {
    const userDataDir = (await import("node:fs")).mkdtempSync(
      (await import("node:path")).join((await import("node:os")).tmpdir(), "stakemap-chrome-"),
    );
    const caps = {
      capabilities: {
        alwaysMatch: {
          browserName: "chrome",
          "goog:chromeOptions": {
            binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
            args: [
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--window-size=1280,900",
              `--user-data-dir=${userDataDir}`,
            ],
          },
        },
      },
    };
    const r = await request(base, "POST", "/session", caps);
    return new Session(base, r.sessionId ?? r.value?.sessionId);
  }

  async navigate(url) {
    await this.cmd("POST", "/url", { url });
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async execute(script, args = []) {
    const r = await this.cmd("POST", "/execute/sync", { script, args });
    return r.value;
  }

  async executeAsync(script, args = []) {
    const r = await this.cmd("POST", "/execute/async", { script, args });
    return r.value;
  }

  /** Calls a command of the app as the window does: `{ ok: true, v }`, or `{ ok: false, e }`
   * with the command's error. An argument given as `PROGRESS_CHANNEL` becomes a progress
   * channel made in the page, as the window passes one to its long commands. */
  async invoke(cmd, args = {}) {
    const call = this.executeAsync(
      `const done = arguments[arguments.length - 1];
       const args = arguments[1];
       for (const k of Object.keys(args)) {
         if (args[k] === ${JSON.stringify(PROGRESS_CHANNEL)}) {
           args[k] = "__CHANNEL__:" + window.__TAURI_INTERNALS__.transformCallback(() => {});
         }
       }
       window.__TAURI_INTERNALS__.invoke(arguments[0], args)
         .then(v => done({ ok: true, v }), e => done({ ok: false, e }));`,
      [cmd, args],
    );
    // A call that opens a file dialog returns once the dialog is answered: a dialog that
    // never came or never closed fails the call with what went wrong.
    return this.answers ? Promise.race([call, this.answers.failed]) : call;
  }

  async find(css) {
    const r = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return elementId(r.value);
  }

  async findAll(css) {
    const r = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return r.value.map(elementId);
  }

  async click(element) {
    await this.cmd("POST", `/element/${element}/click`, {});
  }

  /** Types into an input: clears it, types `text`, then presses Enter when asked. */
  async type(element, text, { enter = false } = {}) {
    await this.cmd("POST", `/element/${element}/clear`, {});
    const keys = text + (enter ? "\uE007" : "");
    if (keys) await this.cmd("POST", `/element/${element}/value`, { text: keys });
  }

  /** Presses the mouse on `from`, moves in steps onto `to` (elements or {x, y} viewport
   * points), and releases: a real drag as a user makes it. */
  async drag(from, to, steps = 8) {
    const target = typeof to === "string" ? await this.centre(to) : to;
    const start = typeof from === "string" ? await this.centre(from) : from;
    const moves = [];
    for (let i = 1; i <= steps; i++) {
      moves.push({
        type: "pointerMove",
        duration: 30,
        origin: "viewport",
        x: Math.round(start.x + ((target.x - start.x) * i) / steps),
        y: Math.round(start.y + ((target.y - start.y) * i) / steps),
      });
    }
    await this.mouse([
      { type: "pointerMove", duration: 0, origin: "viewport", x: Math.round(start.x), y: Math.round(start.y) },
      { type: "pointerDown", button: 0 },
      { type: "pause", duration: 100 },
      ...moves,
      { type: "pause", duration: 100 },
      { type: "pointerUp", button: 0 },
    ]);
  }

  /** Performs a sequence of mouse actions and releases the input state. */
  async mouse(actions) {
    await this.cmd("POST", "/actions", {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }],
    });
    await this.cmd("DELETE", "/actions");
  }

  /** Clicks an element with the mouse, as a user would (no interactability rules: works on
   * small cards of a zoomed-out map). Waits until the element is inside the window and has
   * stopped moving (the map may still be fitting its view), then clicks the point nearest its
   * middle where it is the topmost element, as a user clicks the visible part of a card that
   * a line crosses; says what covered it when there is none. `button` 2 is a right-click. */
  async clickAt(element, button = 0) {
    let previous = null;
    const c = await this.waitFor(async () => {
      const p = await this.execute(
        `const el = arguments[0];
         const r = el.getBoundingClientRect();
         const mine = (x, y) => { const top = document.elementFromPoint(x, y); return !!top && (top === el || el.contains(top)); };
         const x0 = r.x + r.width / 2, y0 = r.y + r.height / 2;
         const inside = x0 >= 0 && y0 >= 0 && x0 < window.innerWidth && y0 < window.innerHeight;
         let point = null;
         if (inside) {
           const spots = [];
           for (const fy of [0.5, 0.3, 0.7, 0.15, 0.85]) for (const fx of [0.5, 0.3, 0.7, 0.15, 0.85]) spots.push([r.x + r.width * fx, r.y + r.height * fy]);
           point = spots.find(([x, y]) => x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight && mine(x, y)) ?? null;
         }
         const over = inside ? document.elementFromPoint(x0, y0) : null;
         return { x0, y0, inside, point, over: over ? String(over.className?.baseVal ?? over.className ?? over.tagName) : null };`,
        [{ [ELEMENT]: element }],
      );
      const still = previous && Math.abs(previous.x0 - p.x0) < 0.5 && Math.abs(previous.y0 - p.y0) < 0.5;
      previous = p;
      return p.inside && p.point && still ? { x: p.point[0], y: p.point[1] } : null;
    }, "the element to rest inside the window with a visible part", 8000).catch((e) => {
      throw new WebDriverError(`${e.message}; last seen: ${JSON.stringify(previous)}`);
    });
    await this.mouse([
      { type: "pointerMove", duration: 0, origin: "viewport", x: Math.round(c.x), y: Math.round(c.y) },
      { type: "pointerDown", button },
      { type: "pointerUp", button },
    ]);
  }

  /** Centre of an element in viewport coordinates. */
  async centre(element) {
    const r = await this.execute("const r = arguments[0].getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };", [
      { [ELEMENT]: element },
    ]);
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }

  async text(element) {
    return (await this.cmd("GET", `/element/${element}/text`)).value;
  }

  async screenshot() {
    return Buffer.from((await this.cmd("GET", "/screenshot")).value, "base64");
  }

  /** Polls `fn` until it returns a truthy value or the time runs out. */
  async waitFor(fn, what, timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      if (this.answers?.error) throw this.answers.error;
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    let dialog = "";
    const open = await this.answers?.dialogs().catch(() => []);
    if (open?.length) {
      // A native dialog the test gave no answer for keeps the window waiting.
      dialog = `; a file dialog is open with no answer: "${open[0].title}" (screen: ${await this.answers.screenshot("unanswered")})`;
    }
    throw new WebDriverError(`timed out waiting for ${what} (last: ${last})${dialog}`);
  }

  async close() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      // the app may already be gone
    }
  }
}

async function request(base, method, path, body, signal) {
  const r = await fetch(base + path, {
    method,
    signal,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${r.status} ${text}`);
  }
  if (!r.ok || (json.value && json.value.error)) {
    throw new WebDriverError(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  }
  return json;
}

/** The built app, or `STAKEMAP_APP`. */
export const APP =
  process.env.STAKEMAP_APP ??
  (await import("node:path")).resolve((await import("node:path")).dirname(new URL(import.meta.url).pathname), "../../target/debug/stakemap-app");

/** Runs one of the X tools (xdotool, xwd) and returns its output. */
function x11(command, args, { timeout = 10_000, binary = false } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, maxBuffer: 1 << 28, encoding: binary ? "buffer" : "utf8" }, (error, stdout, stderr) => {
      // `xdotool search` exits with 1 when no window matches.
      if (error && !(command === "xdotool" && args[0] === "search" && error.code === 1)) {
        reject(new WebDriverError(`${command} ${args.join(" ")}: ${error.message} ${stderr}`));
      } else resolve(stdout);
    });
  });
}

/** The whole X screen (the window and its native dialogs, which WebDriver's screenshot does
 * not show) as a PNG file. */
export async function screenshotX(file) {
  const xwd = await x11("xwd", ["-root", "-silent"], { binary: true });
  const u32 = (o) => xwd.readUInt32BE(o);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, colours] = [0, 16, 20, 28, 44, 48, 76].map(u32);
  if (bitsPerPixel !== 32) throw new WebDriverError(`xwd: ${bitsPerPixel} bits per pixel`);
  const start = headerSize + colours * 12;
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = start + y * bytesPerLine + x * 4;
      const px = byteOrder === 0 ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at);
      const to = y * row + 1 + x * 3;
      raw[to] = (px >> 16) & 255;
      raw[to + 1] = (px >> 8) & 255;
      raw[to + 2] = px & 255;
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  fsModule.writeFileSync(file, png);
  return file;
}

/** Waits for the X display's keyboard (a folder made as a lock beside the other test
 * processes; one left by a process that died is taken after a minute) and returns the
 * function that gives it back. */
async function keyboardTurn() {
  const lock = path.join(os.tmpdir(), `stakemap-e2e-keyboard${(process.env.DISPLAY ?? "").replace(/\W/g, "-")}`);
  for (const end = Date.now() + 120_000; ; ) {
    try {
      fsModule.mkdirSync(lock);
      return () => fsModule.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      try {
        if (Date.now() - fsModule.statSync(lock).mtimeMs > 60_000) fsModule.rmSync(lock, { recursive: true, force: true });
      } catch {
        // given back meanwhile
      }
      if (Date.now() > end) throw new WebDriverError(`the keyboard of the display stayed taken (${lock})`);
      await sleep(100);
    }
  }
}

/** Answers the app's native file dialogs (GTK file choosers: real X windows) with the
 * keyboard, as a user does, through xdotool. `next(path)` queues the answer of the next
 * dialog: the path is typed into the dialog's location field in full and Enter pressed; a
 * folder ending in "/" is typed before the name a save dialog suggests (the file written
 * then shows the suggested name); "" or null cancels (Escape). `asked()` lists the titles
 * of the dialogs answered. A dialog that does not show within 30 s, or stays open once
 * answered, sets `error` (with a screenshot of the screen), which fails the test's next
 * `waitFor` or `invoke`. */
export class DialogAnswers {
  /** `group`: the process group of tauri-driver, WebKitWebDriver and the app. */
  constructor(group) {
    this.group = group;
    this.queue = [];
    this.titles = [];
    this.error = null;
    this.stopped = false;
    this.running = false;
    this.failed = new Promise((_, reject) => (this.fail = reject));
    this.failed.catch(() => {});
    // Made once the window is up: the windows the app starts with are not dialogs.
    this.main = (async () => {
      for (let i = 0; i < 50; i++) {
        const ws = await this.windows();
        if (ws.length) return new Set(ws.map((w) => w.id));
        await sleep(200);
      }
      throw new WebDriverError("the app's window is not on the X display");
    })();
    this.main.catch(() => {});
  }

  next(answer) {
    if (this.error) throw this.error;
    if (answer && !answer.startsWith("/")) throw new WebDriverError(`a dialog's answer is an absolute path: ${answer}`);
    this.queue.push(answer ?? "");
    if (!this.running) this.run();
  }

  asked() {
    return [...this.titles];
  }

  /** Waits until every queued answer has been given and its dialog has closed. */
  async done(timeoutMs = 60_000) {
    for (const end = Date.now() + timeoutMs; this.queue.length; ) {
      if (this.error) throw this.error;
      if (Date.now() > end) throw new WebDriverError(`${this.queue.length} file dialog answers not given`);
      await sleep(100);
    }
    if (this.error) throw this.error;
  }

  stop() {
    this.stopped = true;
  }

  async run() {
    this.running = true;
    try {
      while (this.queue.length && !this.stopped) {
        await this.answer(this.queue[0]);
        this.queue.shift();
      }
    } catch (e) {
      if (!this.stopped) {
        this.error = e;
        this.fail(e);
      }
    } finally {
      this.running = false;
    }
  }

  /** The app's process: the one of the group that has windows. */
  async appPids() {
    const pids = [];
    for (const name of fsModule.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fsModule.readFileSync(`/proc/${name}/stat`, "utf8");
        // pid (comm) state ppid pgrp …: comm may hold spaces, so read after its ")".
        const [, comm, rest] = stat.match(/^\d+ \((.*)\) (.*)$/s);
        const pgrp = Number(rest.split(" ")[2]);
        if (pgrp === this.group && !/^(tauri-driver|WebKit)/.test(comm)) pids.push(name);
      } catch {
        // gone meanwhile
      }
    }
    return pids;
  }

  /** The app's shown windows, each as `{ id, title }`. */
  async windows() {
    const found = [];
    for (const pid of await this.appPids()) {
      const ids = (await x11("xdotool", ["search", "--onlyvisible", "--pid", pid])).split("\n").filter(Boolean);
      for (const id of ids) {
        const title = (await x11("xdotool", ["getwindowname", id]).catch(() => "")).trim();
        found.push({ id, title });
      }
    }
    return found;
  }

  /** The app's open file dialogs: its shown windows other than the ones it started with
   * (GTK names no parent of a dialog that the X server would tell without a window
   * manager). */
  async dialogs() {
    const main = await this.main;
    return (await this.windows()).filter((w) => !main.has(w.id));
  }

  async screenshot(what) {
    const dir = process.env.STAKEMAP_E2E_SHOTS ?? os.tmpdir();
    fsModule.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `dialog-${what}-${Date.now()}.png`);
    try {
      return await screenshotX(file);
    } catch (e) {
      return `no screenshot: ${e.message}`;
    }
  }

  async answer(answer) {
    let dialog = null;
    for (const end = Date.now() + 30_000; !dialog && !this.stopped; ) {
      [dialog] = await this.dialogs();
      if (dialog) break;
      if (Date.now() > end) {
        throw new WebDriverError(`no file dialog showed within 30 s for the answer "${answer}" (screen: ${await this.screenshot("missing")})`);
      }
      await sleep(150);
    }
    if (this.stopped) return;
    this.titles.push(dialog.title);
    // The keyboard is the display's: test files running side by side on one display take
    // turns at it.
    const release = await keyboardTurn();
    try {
      await this.type(dialog, answer);
    } finally {
      release();
    }
  }

  /** Gives the dialog the keyboard, types the answer and waits for the dialog to close. */
  async type(dialog, answer) {
    // No window manager under Xvfb: the dialog gets the keyboard when given it.
    await x11("xdotool", ["windowfocus", "--sync", dialog.id]);
    await sleep(300);
    const key = (...keys) => x11("xdotool", ["key", ...keys]);
    // Letters outside ASCII (a Japanese file name) go in as a GTK user types any character
    // by its code: Ctrl+Shift+U, the hexadecimal code, space. (xdotool's own way, a key
    // mapped for a moment, is lost on GTK.)
    const type = async (text) => {
      for (const run of text.match(/[\x20-\x7e]+|[^\x20-\x7e]/gu) ?? []) {
        if (/^[\x20-\x7e]/.test(run)) await x11("xdotool", ["type", "--delay", "15", run]);
        else {
          // Each step given time: a code cut short under load ends the code too soon.
          await x11("xdotool", ["key", "ctrl+shift+u"]);
          await sleep(100);
          await x11("xdotool", ["type", "--delay", "60", run.codePointAt(0).toString(16)]);
          await sleep(100);
          await x11("xdotool", ["key", "space"]);
          await sleep(100);
        }
      }
    };
    if (!answer) {
      await key("Escape");
    } else if (answer.endsWith("/")) {
      // A save dialog's name field has the suggested name selected: the folder goes first.
      await key("Home");
      await type(answer);
    } else {
      // The location field (a save dialog's name field), all of it replaced by the path.
      // GTK completes a name typed at the end of the field as it comes (late under load, so
      // that the completion lands among the next letters): the path is typed before a space
      // put there first, and the space is taken away once the path is in.
      await key("ctrl+l");
      await key("ctrl+a");
      await key("space");
      await key("Home");
      await type(answer);
      await sleep(200);
      await key("Delete");
    }
    // GTK completes the typed path as it comes; an Enter pressed before the completion has
    // settled is taken by it, so Enter goes once the field is still, and again (as a user
    // presses it again) while the dialog stays.
    let enters = 0;
    const enter = async () => {
      await sleep(400);
      await key("Return");
      enters++;
    };
    if (answer) await enter();
    for (let since = Date.now(), end = Date.now() + 15_000; ; ) {
      const open = await this.dialogs();
      if (!open.some((d) => d.id === dialog.id) || this.stopped) return;
      if (answer && enters < 3 && Date.now() - since > 2000) {
        await enter();
        since = Date.now();
        continue;
      }
      if (Date.now() > end) {
        const titles = open.map((d) => `"${d.title}"`).join(", ");
        throw new WebDriverError(
          `the file dialog "${dialog.title}" answered with "${answer}" did not close (open: ${titles}; screen: ${await this.screenshot("open")})`,
        );
      }
      await sleep(150);
    }
  }
}

/** Starts the app under tauri-driver with `env` (e.g. its data folder and language) and
 * ends both when the test `t` ends. Its file dialogs are answered by `session.answers`
 * (see DialogAnswers). */
export async function launchApp(t, env) {
  const { driver, session } = await startApp(env);
  let closed = false;
  /** Closes the window and its driver (once; again at the end of the test is a no-op). */
  session.quit = async () => {
    if (closed) return;
    closed = true;
    await session.close();
    await driver.stop();
  };
  t.after(() => session.quit());
  return session;
}

/** Chooses `value` in the select with this data-testid, as a user would, and waits for it. */
export async function selectOption(session, selectTestId, value) {
  await session.execute(`document.querySelector('[data-testid="${selectTestId}"]').scrollIntoView({ block: "center" })`);
  const option = await session.find(`[data-testid="${selectTestId}"] option[value="${value}"]`);
  try {
    await session.click(option);
  } catch {
    // WebKit's driver will not click some options of a long list; choose it as the keyboard
    // would, through the element's value and a change event.
    await session.execute(
      `const s = document.querySelector('[data-testid="${selectTestId}"]');
       Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(s, arguments[0]);
       s.dispatchEvent(new Event("change", { bubbles: true }));`,
      [String(value)],
    );
  }
  await session.waitFor(
    () => session.execute(`return document.querySelector('[data-testid="${selectTestId}"]').value === arguments[0]`, [String(value)]),
    `${selectTestId} = ${value}`,
  );
}
