// Basin ids with commas and quotes survive the CSVs cwsc writes and reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toQuotedCsv } from "../../src/cwsc/csv.js";
import { readTextTable } from "../../src/cwsc/data/text-table.js";

test("ids with commas and quotes round-trip through toQuotedCsv and readTextTable", () => {
  const path = join(mkdtempSync(join(tmpdir(), "cwsc-csv-")), "t.csv");
  const ids = ["Gobi desert, Junggar and Turpan depressions", 'the "big" one', "plain"];
  writeFileSync(path, toQuotedCsv(["id", "capacity_mm"], ids.map((id, i) => [id, i * 10])));
  const t = readTextTable(path);
  assert.deepEqual(t.header, ["id", "capacity_mm"]);
  assert.deepEqual(t.rows, ids.map((id, i) => [id, String(i * 10)]));
});
