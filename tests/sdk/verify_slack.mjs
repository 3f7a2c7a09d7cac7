// Reads {signingSecret, body, timestamp, signature, nowMilliseconds} lines on stdin and answers
// each with "valid" or the reason @slack/bolt's own verifySlackRequest refused it: an
// independent check that the test harness signs requests exactly as Slack does.
import { createInterface } from "node:readline";
import bolt from "@slack/bolt";

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const r = JSON.parse(line);
  try {
    bolt.verifySlackRequest({
      signingSecret: r.signingSecret,
      body: r.body,
      headers: {
        "x-slack-signature": r.signature,
        "x-slack-request-timestamp": Number(r.timestamp),
      },
      nowMilliseconds: r.nowMilliseconds,
    });
    console.log("valid");
  } catch (e) {
    console.log("refused: " + e.message.replace(/\n/g, " "));
  }
}
