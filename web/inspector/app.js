// The inspector app (/kiem-tra/): reads stamp codes with the camera, a
// photo or the keyboard, verifies them in the browser against the office's
// keys and the signed registry snapshot, and records inspections that are
// sent once, when the phone is online. See docs/inspector.md.

import { CodeError, formatSerial, parseKeySet, parseSerial } from "./code.js";
import { checkCode, findSerial, openSnapshot } from "./snapshot.js";

const KEYS_URL = "/.well-known/ocop-stamp-keys.json";
const SNAPSHOT_URL = "/api/v1/snapshot";
const ADMIN = "/api/v1/admin";
const MAX_PHOTO = 40 * 1024;
const ZXING_WASM = new URL("vendor/zxing-wasm/reader/zxing_reader.wasm", import.meta.url).href;

// ---------- words ----------

const T = {
  vi: {
    title: "Kiểm tra tem OCOP", signinTitle: "Đăng nhập", token: "Mã truy cập", signinButton: "Đăng nhập",
    signinHelp: "Nhập mã truy cập thanh tra do Văn phòng cấp. Sau một lần đăng nhập, ứng dụng tải dữ liệu đăng ký đã ký số để kiểm tra cả khi không có mạng.",
    torch: "Đèn", stopCamera: "Tắt camera", startCamera: "Quét bằng camera", scanAgain: "Quét tem tiếp theo", fromPhoto: "Chọn ảnh",
    typeCode: "Dán mã tem, đường dẫn, hoặc gõ số sê-ri", typePlaceholder: "HTTPS://…/S/AH… hoặc 0000-01234-0", check: "Kiểm tra",
    details: "Chi tiết", recordTitle: "Ghi kết quả kiểm tra", place: "Địa điểm", placePlaceholder: "Chợ Hà Tĩnh, ki-ốt 12",
    outcome: "Kết luận", outGenuine: "Đúng tem", outSuspect: "Nghi vấn", outCounterfeit: "Giả mạo", notes: "Ghi chú",
    photo: "Ảnh (không bắt buộc)", save: "Lưu và gửi", queueTitle: "Biên bản trên máy này", signout: "Đăng xuất",
    online: "Trực tuyến", offline: "Ngoại tuyến", pending: (n) => `Chờ gửi: ${n}`, allSent: "Đã gửi hết",
    noSnapshot: "Chưa có dữ liệu đăng ký: đăng nhập khi có mạng để tải về. Hiện chỉ kiểm tra được chữ ký.",
    snapshotAge: (age, when) => `Dữ liệu đăng ký: ${age} (${when})`, snapshotOld: " — đã cũ, hãy cập nhật khi có mạng",
    ago: (n, u) => `${n} ${{ s: "giây", m: "phút", h: "giờ", d: "ngày" }[u]} trước`, justNow: "vừa xong",
    signedInAs: (n) => `Thanh tra: ${n}`, badToken: "Mã truy cập không đúng hoặc đã bị thu hồi.", needNetwork: "Cần có mạng để đăng nhập.",
    decoderBD: "Đọc mã: BarcodeDetector của trình duyệt", decoderZX: "Đọc mã: ZXing-C++ (WebAssembly)",
    noCamera: "Không mở được camera: ", noCodeInPhoto: "Không tìm thấy mã QR trong ảnh. Hãy chụp gần và rõ hơn.",
    serial: "Số sê-ri", product: "Sản phẩm", producer: "Chủ thể sản xuất", rank: "Hạng OCOP", batch: "Lô", lot: "Số lô",
    decision: "Quyết định", expires: "Hiệu lực đến", stampId: "Mã định danh tem", key: "Khóa ký", revokedReason: "Lý do thu hồi",
    serialOnline: "chỉ biết khi trực tuyến", serialIn: (a, b, lot) => `trong ${a} … ${b}${lot ? ` (lô ${lot})` : ""}: đối chiếu với số in trên tem`, participating: "Tham gia OCOP (chưa xếp hạng)", stars: (n) => `${n} sao ${"★".repeat(n)}`,
    asOf: (d) => `theo dữ liệu đăng ký ngày ${d}`,
    v: {
      genuine: "TEM CHÍNH HÃNG", signature: "CHỮ KÝ HỢP LỆ", not_genuine: "TEM KHÔNG CHÍNH HÃNG", revoked: "TEM ĐÃ BỊ THU HỒI",
      certification_invalid: "CHỨNG NHẬN OCOP KHÔNG CÒN HIỆU LỰC", check_online: "CẦN KIỂM TRA TRỰC TUYẾN",
      unknown: "TEM KHÔNG CÓ TRONG DỮ LIỆU ĐĂNG KÝ", not_a_code: "KHÔNG PHẢI MÃ TEM", serial: "SỐ SÊ-RI (KIỂM TRA YẾU)",
      serial_unknown: "SỐ SÊ-RI KHÔNG CÓ TRONG DỮ LIỆU",
    },
    r: {
      "": "", signature: "Văn phòng đã ký tem này. Chưa có dữ liệu đăng ký nên chưa biết tem có bị thu hồi không: hãy kiểm tra trực tuyến.",
      bad_signature: "Chữ ký số sai: tem giả hoặc đã bị sửa. Thu giữ và báo cáo.",
      unknown_key: "Ký bằng khóa không rõ nguồn gốc (không phải của Văn phòng).",
      key_compromised: "Ký bằng khóa đã bị lộ: chỉ hệ thống trực tuyến phân biệt được tem thật cũ với tem giả.",
      registry_mismatch: "Mã tem được đăng ký cho sản phẩm khác.",
      stamp_revoked: "Tem này đã bị thu hồi.", batch_revoked: "Lô tem chứa tem này đã bị thu hồi.",
      certification_expired: "Chứng nhận OCOP đã hết hạn.", certification_suspended: "Chứng nhận OCOP đang bị tạm đình chỉ.",
      certification_withdrawn: "Chứng nhận OCOP đã bị thu hồi.", no_certification: "Sản phẩm chưa có chứng nhận OCOP.",
      newer_than_snapshot: "Tem được phát hành sau ngày của dữ liệu đăng ký: kiểm tra trực tuyến hoặc cập nhật dữ liệu.",
      not_in_snapshot: "Chữ ký hợp lệ nhưng không lô nào chứa tem: báo ngay cho Văn phòng.",
      serial: "Số sê-ri in trên tem không được ký số: đây chỉ là kiểm tra yếu. Hãy quét mã QR khi có thể.",
      serial_unknown: "Không lô nào trong dữ liệu đăng ký có số sê-ri này.",
      copies: "Ngoại tuyến không phát hiện được tem sao chép: đối chiếu sản phẩm và chủ thể với hàng hóa.",
    },
    queued: "Đã lưu trên máy; sẽ gửi khi có mạng.", sentOk: "Đã gửi.", rejected: "Máy chủ từ chối: ",
    qPending: "chờ gửi", qSent: "đã gửi", qRejected: "bị từ chối", noInspections: "Chưa có biên bản.",
    photoTooBig: "Không thu nhỏ được ảnh xuống dưới 40 KB.",
  },
  en: {
    title: "OCOP stamp check", signinTitle: "Sign in", token: "Access token", signinButton: "Sign in",
    signinHelp: "Enter the inspector access token the office gave you. After one sign-in the app downloads the signed registry snapshot, so that checks work without a network too.",
    torch: "Torch", stopCamera: "Camera off", startCamera: "Scan with the camera", scanAgain: "Scan the next stamp", fromPhoto: "Pick a photo",
    typeCode: "Paste a stamp code or link, or type a serial", typePlaceholder: "HTTPS://…/S/AH… or 0000-01234-0", check: "Check",
    details: "Details", recordTitle: "Record the inspection", place: "Place", placePlaceholder: "Hà Tĩnh market, stall 12",
    outcome: "Finding", outGenuine: "Genuine", outSuspect: "Suspect", outCounterfeit: "Counterfeit", notes: "Notes",
    photo: "Photo (optional)", save: "Save and send", queueTitle: "Inspections on this phone", signout: "Sign out",
    online: "Online", offline: "Offline", pending: (n) => `To send: ${n}`, allSent: "All sent",
    noSnapshot: "No registry snapshot yet: sign in while online to download it. Only signatures can be checked now.",
    snapshotAge: (age, when) => `Registry snapshot: ${age} (${when})`, snapshotOld: " — old, refresh it when online",
    ago: (n, u) => `${n} ${{ s: "s", m: "min", h: "h", d: "days" }[u]} old`, justNow: "just now",
    signedInAs: (n) => `Inspector: ${n}`, badToken: "The access token is wrong or was revoked.", needNetwork: "Signing in needs a network.",
    decoderBD: "Decoder: the browser's BarcodeDetector", decoderZX: "Decoder: ZXing-C++ (WebAssembly)",
    noCamera: "Cannot open the camera: ", noCodeInPhoto: "No QR code found in the photo. Take a closer, sharper one.",
    serial: "Serial", product: "Product", producer: "Producer", rank: "OCOP rank", batch: "Batch", lot: "Lot",
    decision: "Decision", expires: "Valid until", stampId: "Stamp id", key: "Signing key", revokedReason: "Revocation reason",
    serialOnline: "known online only", serialIn: (a, b, lot) => `within ${a} … ${b}${lot ? ` (lot ${lot})` : ""}: compare with the printed one`, participating: "OCOP participant (not ranked)", stars: (n) => `${n} stars ${"★".repeat(n)}`,
    asOf: (d) => `as of the registry snapshot of ${d}`,
    v: {
      genuine: "GENUINE", signature: "GENUINE SIGNATURE", not_genuine: "NOT GENUINE", revoked: "REVOKED",
      certification_invalid: "CERTIFICATION NOT VALID", check_online: "CHECK ONLINE", unknown: "NOT IN THE REGISTRY SNAPSHOT",
      not_a_code: "NOT A STAMP CODE", serial: "SERIAL (WEAKER CHECK)", serial_unknown: "SERIAL NOT IN THE SNAPSHOT",
    },
    r: {
      "": "", signature: "The office signed this stamp. Without a registry snapshot its revocation is unknown: check online.",
      bad_signature: "The digital signature is wrong: forged or altered. Seize and report.",
      unknown_key: "Signed with an unknown key (not the office's).",
      key_compromised: "Signed with a leaked key: only the online registry can tell an old genuine stamp from a forgery.",
      registry_mismatch: "The stamp id is registered for another product.",
      stamp_revoked: "This stamp was revoked.", batch_revoked: "The batch this stamp belongs to was revoked.",
      certification_expired: "The OCOP certification has expired.", certification_suspended: "The OCOP certification is suspended.",
      certification_withdrawn: "The OCOP certification was withdrawn.", no_certification: "The product has no OCOP certification.",
      newer_than_snapshot: "Minted after the registry snapshot: check online or refresh the snapshot.",
      not_in_snapshot: "Valid signature, but no batch holds the stamp: report it to the office.",
      serial: "The printed serial is not signed: this is a weaker check. Scan the QR code when you can.",
      serial_unknown: "No batch of the registry snapshot has this serial.",
      copies: "Copies cannot be detected offline: compare product and producer with the goods.",
    },
    queued: "Saved on this phone; it is sent when online.", sentOk: "Sent.", rejected: "The server refused it: ",
    qPending: "to send", qSent: "sent", qRejected: "refused", noInspections: "No inspections yet.",
    photoTooBig: "Could not shrink the photo under 40 KB.",
  },
};

let lang = localStorage.getItem("lang") || ((navigator.languages || [navigator.language]).find((l) => /^(vi|en)/i.test(l)) || "vi").slice(0, 2).toLowerCase();
const t = (k) => T[lang][k];
const $ = (id) => document.getElementById(id);

function applyLang() {
  document.documentElement.lang = lang;
  document.title = `${t("title")} · ${lang === "vi" ? T.en.title : T.vi.title}`;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-ph]")) el.placeholder = t(el.dataset.ph);
  $("lang").textContent = lang === "vi" ? "EN" : "VI";
  renderStatus();
  renderQueue();
  if (last) showResult(last);
}

// ---------- storage (IndexedDB) ----------

let dbp;
function db() {
  dbp ??= new Promise((resolve, reject) => {
    const req = indexedDB.open("ocop-inspector", 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore("kv");
      req.result.createObjectStore("queue", { keyPath: "client_id" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return dbp;
}

async function tx(store, mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const x = d.transaction(store, mode);
    const s = x.objectStore(store);
    let out;
    const r = fn(s);
    if (r) r.onsuccess = () => { out = r.result; };
    x.oncomplete = () => resolve(out);
    x.onerror = () => reject(x.error);
    x.onabort = () => reject(x.error);
  });
}
const kvGet = (k) => tx("kv", "readonly", (s) => s.get(k));
const kvSet = (k, v) => tx("kv", "readwrite", (s) => s.put(v, k));
const kvDel = (k) => tx("kv", "readwrite", (s) => s.delete(k));
const queueAll = () => tx("queue", "readonly", (s) => s.getAll());
const queuePut = (item) => tx("queue", "readwrite", (s) => s.put(item));

// ---------- state ----------

const state = { token: null, who: null, keys: null, snap: null, snapshotAt: null, queue: [] };
let last = null; // the last result shown, for re-rendering in another language

function online() {
  return navigator.onLine;
}

async function fetchJSON(url, opts = {}) {
  const headers = { Accept: "application/json", ...(opts.headers || {}) };
  if (state.token && opts.auth) headers.Authorization = `Bearer ${state.token}`;
  const res = await fetch(url, { cache: "no-store", ...opts, headers });
  return res;
}

async function loadKeys({ refresh }) {
  if (refresh && online()) {
    try {
      const res = await fetchJSON(KEYS_URL);
      if (res.ok) {
        const text = await res.text();
        state.keys = await parseKeySet(JSON.parse(text));
        await kvSet("keys", text);
        return;
      }
    } catch (e) {
      console.warn("keys: network", e);
    }
  }
  const text = await kvGet("keys");
  if (text) state.keys = await parseKeySet(JSON.parse(text));
}

async function useSnapshot(text, fetchedAt) {
  state.snap = await openSnapshot(text, state.keys);
  state.snapshotAt = fetchedAt;
}

async function loadSnapshot({ refresh }) {
  if (!state.snap) {
    const saved = await kvGet("snapshot");
    if (saved && state.keys) {
      try {
        await useSnapshot(saved.text, saved.fetchedAt);
      } catch (e) {
        console.warn("saved snapshot refused", e);
      }
    }
  }
  if (refresh && online() && state.token && state.keys) {
    try {
      const res = await fetchJSON(SNAPSHOT_URL, { auth: true });
      if (res.status === 401) return signOut(t("badToken"));
      if (res.ok) {
        const text = await res.text();
        const fetchedAt = Date.now();
        await useSnapshot(text, fetchedAt); // refuses a snapshot that does not verify
        await kvSet("snapshot", { text, fetchedAt });
      }
    } catch (e) {
      console.warn("snapshot refresh", e);
    }
  }
  renderStatus();
}

// ---------- status bar ----------

function ageText(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 45) return t("justNow");
  if (s < 3600) return t("ago")(Math.round(s / 60) || 1, "m");
  if (s < 2 * 86400) return t("ago")(Math.round(s / 3600), "h");
  return t("ago")(Math.round(s / 86400), "d");
}

// fmtTime writes a time as DD/MM/YYYY HH:MM in Vietnam (UTC+7).
function fmtTime(iso) {
  const p = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit",
    year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

function renderStatus() {
  const net = $("net");
  net.textContent = online() ? t("online") : t("offline");
  net.className = `pill ${online() ? "ok" : "off"}`;
  document.body.classList.toggle("is-offline", !online());
  const age = $("snapshot-age");
  if (state.snap) {
    const ms = Date.now() - Date.parse(state.snap.generatedAt);
    age.textContent = t("snapshotAge")(ageText(ms), fmtTime(state.snap.generatedAt)) + (ms > 7 * 86400e3 ? t("snapshotOld") : "");
    age.className = `age ${ms > 30 * 86400e3 ? "bad" : ms > 7 * 86400e3 ? "warn" : ""}`;
    age.dataset.generatedAt = state.snap.generatedAt;
  } else {
    age.textContent = t("noSnapshot");
    age.className = "age warn";
    delete age.dataset.generatedAt;
  }
  $("signin").hidden = !!state.token;
  $("signout").hidden = !state.token;
  $("who").hidden = !state.who;
  if (state.who) $("who").textContent = t("signedInAs")(state.who);
}

// ---------- sign-in ----------

async function signIn(token) {
  const err = $("signin-error");
  err.hidden = true;
  if (!online()) {
    err.textContent = t("needNetwork");
    err.hidden = false;
    return;
  }
  let res;
  try {
    res = await fetch(`${ADMIN}/me`, { cache: "no-store", headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  } catch {
    err.textContent = t("needNetwork");
    err.hidden = false;
    return;
  }
  if (!res.ok) {
    err.textContent = t("badToken");
    err.hidden = false;
    return;
  }
  const me = await res.json();
  state.token = token;
  state.who = me.name;
  await kvSet("token", token);
  await kvSet("who", me.name);
  $("token").value = "";
  renderStatus();
  await loadSnapshot({ refresh: true });
  syncQueue();
}

async function signOut(message) {
  state.token = null;
  state.who = null;
  await kvDel("token");
  await kvDel("who");
  renderStatus();
  if (message) {
    $("signin-error").textContent = message;
    $("signin-error").hidden = false;
  }
}

// ---------- checking ----------

async function checkInput(raw, source) {
  const input = raw.trim();
  const serial = /^[0-9 .\t-]+$/.test(input) ? parseSerial(input) : null;
  if (serial !== null) return checkSerial(serial, input);
  if (!state.keys) await loadKeys({ refresh: true });
  let r;
  try {
    r = await checkCode(state.snap, input, new Date(), state.keys);
    if (r.reason === "unknown_key" && online()) {
      await loadKeys({ refresh: true }); // the office may have rotated its key
      if (state.snap) await useSnapshot((await kvGet("snapshot")).text, state.snapshotAt);
      r = await checkCode(state.snap, input, new Date(), state.keys);
    }
  } catch (e) {
    if (!(e instanceof CodeError)) throw e;
    r = { verdict: "not_a_code", reason: "", error: e.message };
  }
  r.source = source;
  r.snapshot = state.snap ? state.snap.generatedAt : null;
  showResult(r);
  if (r.code?.signature_valid && online() && state.token) enrichOnline(r);
  return r;
}

async function checkSerial(serial, input) {
  let r = { verdict: "serial_unknown", reason: "serial_unknown", serial: formatSerial(serial), typed: input, weak: true };
  if (state.snap) {
    const hit = findSerial(state.snap, serial);
    if (hit) {
      r = { ...r, verdict: "serial", reason: "serial", product: hit.product, facility: hit.facility, certification: hit.certification,
        stamp: { batch_id: hit.batch.id, lot: hit.batch.lot, revoked_at: hit.batch.revoked_at, revoke_reason: hit.batch.revoke_reason } };
      if (hit.batch.revoked_at) r = { ...r, verdict: "revoked", reason: "batch_revoked" };
    }
  }
  // Online, the registry gives the stamp's code: check it fully, still
  // marked as found by a typed serial.
  if (online() && state.token) {
    try {
      const res = await fetchJSON(`${ADMIN}/stamps/${encodeURIComponent(formatSerial(serial))}`, { auth: true });
      if (res.ok) {
        const d = await res.json();
        if (d.stamp?.code) {
          const full = await checkCode(state.snap, d.stamp.code, new Date(), state.keys);
          r = { ...full, serial: formatSerial(serial), weak: true, typed: input };
        }
      }
    } catch (e) {
      console.warn("serial online", e);
    }
  }
  r.snapshot = state.snap ? state.snap.generatedAt : null;
  showResult(r);
  return r;
}

// enrichOnline adds what only the registry knows: the printed serial.
async function enrichOnline(r) {
  try {
    const res = await fetchJSON(`${ADMIN}/stamps/${r.code.text}`, { auth: true });
    if (!res.ok) return;
    const d = await res.json();
    if (d.stamp?.serial_printed && last === r) {
      r.serial = d.stamp.serial_printed;
      const dd = $("fact-serial");
      if (dd) dd.textContent = r.serial; // only this line: the rest stays as it is
    }
  } catch {
    /* offline after all: the serial stays unknown */
  }
}

function verdictClass(v) {
  return { genuine: "good", signature: "good", serial: "weak", check_online: "warn", certification_invalid: "warn" }[v] ?? "bad";
}

// serialOffline names a label's printed serial from the snapshot: the
// serial of a one-label batch, else the span of its batch's serials.
function serialOffline(r) {
  const st = r.stamp;
  if (st?.serial) return st.serial;
  if (st?.serial_first) return t("serialIn")(st.serial_first, st.serial_last, st.lot);
  return r.code ? t("serialOnline") : "";
}

function fact(dl, label, value, id) {
  if (value === undefined || value === null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  if (id) dd.id = id;
  dl.append(dt, dd);
}

function rankText(c) {
  if (!c) return "";
  return c.rank === 0 ? t("participating") : t("stars")(c.rank);
}

function showResult(r) {
  last = r;
  document.body.dataset.results = String(Number(document.body.dataset.results ?? 0) + 1);
  const signatureOnly = r.verdict === "genuine" && !r.snapshot;
  const key = signatureOnly ? "signature" : r.verdict;
  const box = $("verdict");
  box.className = `verdict ${verdictClass(key)}`;
  box.dataset.verdict = r.verdict;
  box.dataset.reason = r.reason ?? "";
  $("verdict-title").textContent = t("v")[key] ?? r.verdict;
  let detail = r.error ?? (signatureOnly ? t("r").signature : t("r")[r.reason] ?? r.reason ?? "");
  if (r.verdict === "genuine" && r.snapshot) detail = `${t("asOf")(fmtTime(r.snapshot))}. ${t("r").copies}`;
  if (r.weak && r.verdict !== "serial" && r.verdict !== "serial_unknown") detail += ` ${t("r").serial}`;
  $("verdict-detail").textContent = detail;
  const facts = $("facts");
  facts.replaceChildren();
  if (r.verdict !== "not_a_code") {
    fact(facts, t("serial"), r.serial ?? serialOffline(r), "fact-serial");
    fact(facts, t("product"), r.product ? `${r.product.name} (${r.product.number})` : "", "fact-product");
    fact(facts, t("producer"), r.facility ? [r.facility.name, r.facility.district].filter(Boolean).join(", ") : "", "fact-producer");
    fact(facts, t("rank"), rankText(r.certification), "fact-rank");
    if (r.stamp?.revoke_reason) fact(facts, t("revokedReason"), r.stamp.revoke_reason, "fact-revoked");
  }
  const more = $("details");
  more.replaceChildren();
  if (r.certification) {
    fact(more, t("decision"), r.certification.decision_number);
    fact(more, t("expires"), r.certification.expires_on);
  }
  if (r.stamp) fact(more, t("lot"), r.stamp.lot);
  if (r.code) {
    fact(more, t("stampId"), r.code.stamp_id);
    fact(more, t("key"), `${r.code.key_id} (${r.code.key_state || "?"})`);
  }
  $("more").hidden = more.childElementCount === 0;
  $("result").hidden = false;
  $("record").hidden = false;
  $("outcome").value = r.verdict === "genuine" ? "genuine" : r.verdict === "not_genuine" ? "counterfeit" : "suspect";
}

// ---------- reading codes ----------

let detector = null; // {name, read(source) -> Promise<string[]>}

async function getDetector() {
  if (detector) return detector;
  if ("BarcodeDetector" in globalThis) {
    try {
      const formats = await globalThis.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const bd = new globalThis.BarcodeDetector({ formats: ["qr_code"] });
        detector = { name: "decoderBD", read: async (src) => (await bd.detect(src)).map((b) => b.rawValue) };
      }
    } catch {
      /* fall back to ZXing */
    }
  }
  if (!detector) {
    const zx = await import("./vendor/zxing-wasm/es/reader/index.js");
    await zx.prepareZXingModule({
      overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? ZXING_WASM : prefix + path) },
      fireImmediately: true,
    });
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    detector = {
      name: "decoderZX",
      read: async (src) => {
        const w = src.videoWidth || src.width;
        const h = src.videoHeight || src.height;
        if (!w || !h) return [];
        const scale = Math.min(1, 1280 / Math.max(w, h));
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        ctx.drawImage(src, 0, 0, canvas.width, canvas.height);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const out = await zx.readBarcodes(img, { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 4 });
        return out.filter((b) => b.isValid).map((b) => b.text);
      },
    };
  }
  $("decoder").textContent = t(detector.name);
  $("decoder").dataset.decoder = detector.name;
  return detector;
}

let stream = null;
let scanning = false;

function beep() {
  try {
    navigator.vibrate?.(120);
    const ac = new AudioContext();
    const o = ac.createOscillator();
    const g = ac.createGain();
    o.frequency.value = 1200;
    g.gain.value = 0.1;
    o.connect(g).connect(ac.destination);
    o.start();
    o.stop(ac.currentTime + 0.12);
    o.onended = () => ac.close();
  } catch {
    /* no sound: fine */
  }
}

async function startCamera() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } }, audio: false });
  } catch (e) {
    $("decoder").textContent = t("noCamera") + e.message;
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  await video.play();
  $("camera-box").hidden = false;
  $("start-camera").hidden = true;
  const track = stream.getVideoTracks()[0];
  const caps = track.getCapabilities?.() ?? {};
  $("torch").hidden = !caps.torch;
  await getDetector();
  scanning = true;
  $("scan-again").hidden = true;
  scanLoop();
}

function stopCamera() {
  scanning = false;
  stream?.getTracks().forEach((tr) => tr.stop());
  stream = null;
  $("camera-box").hidden = true;
  $("start-camera").hidden = false;
  $("scan-again").hidden = true;
}

let torchOn = false;
async function toggleTorch() {
  const track = stream?.getVideoTracks()[0];
  if (!track) return;
  torchOn = !torchOn;
  try {
    await track.applyConstraints({ advanced: [{ torch: torchOn }] });
  } catch {
    torchOn = false;
  }
  $("torch").classList.toggle("on", torchOn);
}

async function scanLoop() {
  const video = $("video");
  while (scanning && stream) {
    try {
      if (video.readyState >= 2) {
        const texts = await detector.read(video);
        if (texts.length > 0 && scanning) {
          scanning = false;
          beep();
          $("scan-again").hidden = false;
          await checkInput(texts[0], "camera");
          break;
        }
      }
    } catch (e) {
      console.warn("scan", e);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function readPhoto(file) {
  const d = await getDetector();
  const bmp = await createImageBitmap(file);
  const texts = await d.read(bmp);
  if (texts.length === 0) {
    showResult({ verdict: "not_a_code", reason: "", error: t("noCodeInPhoto") });
    return;
  }
  await checkInput(texts[0], "photo");
}

// ---------- inspections ----------

async function shrinkPhoto(file) {
  const bmp = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  for (const side of [1024, 800, 640, 480, 320]) {
    const scale = Math.min(1, side / Math.max(bmp.width, bmp.height));
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext("2d").drawImage(bmp, 0, 0, canvas.width, canvas.height);
    for (const q of [0.7, 0.5, 0.35]) {
      const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", q));
      if (blob && blob.size <= MAX_PHOTO) {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let bin = "";
        for (const b of bytes) bin += String.fromCharCode(b);
        return btoa(bin);
      }
    }
  }
  throw new Error(t("photoTooBig"));
}

async function recordInspection() {
  const status = $("record-status");
  const place = $("place").value.trim();
  localStorage.setItem("place", place);
  const body = { place, result: $("outcome").value, notes: $("notes").value.trim() };
  if (last?.code) body.code = last.code.text;
  else if (last?.serial) body.serial = last.serial;
  const verdictNote = last ? `[${last.verdict}${last.reason ? "/" + last.reason : ""}${last.snapshot ? " @" + last.snapshot : ""}]` : "";
  body.notes = [body.notes, verdictNote].filter(Boolean).join(" ");
  const file = $("record-photo").files[0];
  try {
    if (file) body.photo = await shrinkPhoto(file);
  } catch (e) {
    status.textContent = e.message;
    return;
  }
  body.client_id = crypto.randomUUID();
  const item = { client_id: body.client_id, body, created_at: new Date().toISOString(), state: "pending", verdict: last?.verdict ?? "" };
  await queuePut(item);
  $("notes").value = "";
  $("record-photo").value = "";
  status.textContent = t("queued");
  await renderQueue();
  await syncQueue();
}

let syncing = null;
let retryDelay = 2000;
let retryTimer = null;

// retryLater schedules another send, waiting longer after each failure (up
// to a minute); a success resets the wait.
function retryLater() {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    syncQueue();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 60_000);
}

// syncQueue sends every pending inspection, one at a time. Each keeps its
// client id, so a send whose answer was lost is stored once by the server.
function syncQueue() {
  // .finally runs after the assignment, even when sendPending returns at
  // once (offline): syncing is never left set.
  syncing ??= sendPending().finally(() => {
    syncing = null;
    return renderQueue();
  });
  return syncing;
}

// sendPending posts the pending inspections in order; it stops at the
// first that cannot be sent now and schedules a retry.
async function sendPending() {
  if (!online() || !state.token) return;
  for (const item of await queueAll()) {
    if (item.state !== "pending") continue;
    let res;
    try {
      res = await fetchJSON(`${ADMIN}/inspections`, { method: "POST", auth: true, body: JSON.stringify(item.body),
        headers: { "Content-Type": "application/json" } });
    } catch {
      retryLater(); // no network after all, or the answer was lost
      return;
    }
    if (res.status === 201 || res.status === 200) {
      const saved = await res.json();
      retryDelay = 2000;
      item.state = "sent";
      item.server_id = saved.id;
      item.sent_at = new Date().toISOString();
      await queuePut(item);
      $("record-status").textContent = t("sentOk");
    } else if (res.status === 401) {
      await signOut(t("badToken"));
      return;
    } else if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
      item.state = "rejected";
      try {
        item.error = (await res.json()).error?.message ?? String(res.status);
      } catch {
        item.error = String(res.status);
      }
      await queuePut(item);
    } else {
      retryLater(); // 5xx, 429
      return;
    }
  }
}

async function renderQueue() {
  const items = (await queueAll()).sort((a, b) => b.created_at.localeCompare(a.created_at));
  state.queue = items;
  const pending = items.filter((i) => i.state === "pending").length;
  const q = $("queue");
  q.hidden = items.length === 0;
  q.textContent = pending > 0 ? t("pending")(pending) : t("allSent");
  q.className = `pill ${pending > 0 ? "warn" : "ok"}`;
  q.dataset.pending = String(pending);
  const ul = $("queue-list");
  ul.replaceChildren();
  for (const i of items.slice(0, 20)) {
    const li = document.createElement("li");
    li.dataset.state = i.state;
    const s = { pending: t("qPending"), sent: t("qSent"), rejected: t("qRejected") }[i.state];
    li.textContent = `${fmtTime(i.created_at)} · ${i.body.place} · ${T[lang][{ genuine: "outGenuine", suspect: "outSuspect", counterfeit: "outCounterfeit" }[i.body.result]]} · ${s}${i.error ? ": " + i.error : ""}`;
    ul.append(li);
  }
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t("noInspections");
    ul.append(li);
  }
}

// ---------- start ----------

async function refresh() {
  renderStatus();
  if (!online()) return;
  await loadKeys({ refresh: true });
  await loadSnapshot({ refresh: true });
  await syncQueue();
}

async function main() {
  // First, so that the shell and the decoder are cached for offline use as
  // early as possible on a slow first visit.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js", { scope: "./" }).catch((e) => console.warn("service worker", e));
  }
  $("lang").addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("lang", lang);
    applyLang();
  });
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("token").value.trim());
  });
  $("signout").addEventListener("click", () => signOut());
  $("start-camera").addEventListener("click", startCamera);
  $("stop-camera").addEventListener("click", stopCamera);
  $("torch").addEventListener("click", toggleTorch);
  $("scan-again").addEventListener("click", () => {
    $("scan-again").hidden = true;
    scanning = true;
    scanLoop();
  });
  $("photo-file").addEventListener("change", (e) => e.target.files[0] && readPhoto(e.target.files[0]));
  $("text-form").addEventListener("submit", (e) => {
    e.preventDefault();
    checkInput($("code-text").value, "typed");
  });
  $("record-form").addEventListener("submit", (e) => {
    e.preventDefault();
    recordInspection();
  });
  $("place").value = localStorage.getItem("place") ?? "";
  window.addEventListener("online", refresh);
  window.addEventListener("offline", renderStatus);
  setInterval(renderStatus, 30_000);
  setInterval(() => online() && syncQueue(), 30_000);
  setInterval(() => online() && loadSnapshot({ refresh: true }), 10 * 60_000);

  state.token = (await kvGet("token")) ?? null;
  state.who = (await kvGet("who")) ?? null;
  applyLang();
  await loadKeys({ refresh: online() });
  await loadSnapshot({ refresh: online() });
  await renderQueue();
  syncQueue();
  document.body.dataset.ready = "1";
}

main();
