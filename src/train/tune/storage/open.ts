// A storage from its URL: "memory", "sqlite:<path>" (also SQLAlchemy's "sqlite:///<relative>" and
// "sqlite:////<absolute>", as Optuna's users write them), or "postgresql://user:pass@host:port/db".
import { MemoryStorage } from "./memory.js";
import { SqliteStorage } from "./sqlite.js";
import { PostgresStorage, maskUrl } from "./postgres.js";
import { Storage, StorageError } from "./storage.js";

export function sqlitePath(url: string): string {
  const rest = url.slice("sqlite:".length);
  return rest.startsWith("///") ? rest.slice(3) : rest;
}

export function openStorage(url: string): Storage {
  if (url === "memory" || url === ":memory:") return new MemoryStorage();
  if (url.startsWith("sqlite:")) {
    const path = sqlitePath(url);
    if (path === "") throw new StorageError(`storage '${url}': expected sqlite:<path to a database file>`);
    return new SqliteStorage(path);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return new PostgresStorage(url);
  throw new StorageError(`storage '${maskUrl(url)}': expected memory, sqlite:<path> or postgresql://user@host:port/database`);
}
