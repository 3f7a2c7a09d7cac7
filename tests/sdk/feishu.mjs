// Reads JSON lines on stdin and answers each with one line, using Node's crypto to build what
// Feishu sends and @larksuiteoapi/node-sdk's own AESCipher to check it: an independent check
// that the test harness encrypts events exactly as Feishu does (platforms.md §3.3).
//   {"op":"encrypt","key":K,"plain":P} → the `encrypt` field, after AESCipher decrypted it to P
//   {"op":"decrypt","key":K,"encrypt":E} → AESCipher's plaintext, or "refused: …"
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import lark from "@larksuiteoapi/node-sdk";

function encrypt(key, plain) {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const r = JSON.parse(line);
  try {
    if (r.op === "encrypt") {
      const encrypted = encrypt(r.key, r.plain);
      if (new lark.AESCipher(r.key).decrypt(encrypted) !== r.plain) {
        throw new Error("AESCipher does not read back what was encrypted");
      }
      console.log(encrypted);
    } else {
      console.log(new lark.AESCipher(r.key).decrypt(r.encrypt));
    }
  } catch (e) {
    console.log("refused: " + String(e.message).replace(/\n/g, " "));
  }
}
