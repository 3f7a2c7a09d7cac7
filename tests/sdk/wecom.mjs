// Reads JSON lines on stdin and answers each with one JSON line, using Tencent's own
// @wecom/crypto: an independent check that the test harness builds callbacks exactly as WeCom
// does (platforms.md §5.2-5.3).
//   {"op":"seal","key":K,"message":M,"id":I} → {"encrypt": …}
//   {"op":"sign","token":T,"timestamp":S,"nonce":N,"encrypt":E} → {"signature": …}
//   {"op":"open","key":K,"encrypt":E} → {"message": …, "id": …}
import { createInterface } from "node:readline";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const r = JSON.parse(line);
  try {
    if (r.op === "seal") {
      console.log(JSON.stringify({ encrypt: encrypt(r.key, r.message, r.id) }));
    } else if (r.op === "sign") {
      console.log(JSON.stringify({ signature: getSignature(r.token, r.timestamp, r.nonce, r.encrypt) }));
    } else {
      const opened = decrypt(r.key, r.encrypt);
      console.log(JSON.stringify({ message: opened.message, id: opened.id }));
    }
  } catch (e) {
    console.log(JSON.stringify({ refused: String(e.message) }));
  }
}
