// A word-level diff (longest common subsequence) for template versions, which are short: Latin
// words and placeholders stay whole, CJK text compares character by character.

/** Words, {placeholders}, runs of spaces, and single other characters. */
function tokens(text: string): string[] {
  return text.match(/\{\w+\}|(?:(?!\p{Script=Han})[\p{L}\p{N}_])+|\s+|[\s\S]/gu) ?? [];
}

/** A run of text kept, added or removed. */
export interface Piece {
  kind: "same" | "add" | "del";
  text: string;
}

/** How `before` became `after`. */
export function diff(before: string, after: string): Piece[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > 4_000_000) {
    return [
      { kind: "del", text: before },
      { kind: "add", text: after },
    ];
  }
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out: Piece[] = [];
  const push = (kind: Piece["kind"], ch: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += ch;
    else out.push({ kind, text: ch });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      push("del", a[i++]);
    } else {
      push("add", b[j++]);
    }
  }
  while (i < a.length) push("del", a[i++]);
  while (j < b.length) push("add", b[j++]);
  return out;
}
