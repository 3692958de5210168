// Who is asking: a session per browser (a random id in an HttpOnly cookie), its own folder under the
// studio's working folder, its open project, and at most one running job.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";

import { Job } from "./jobs.js";
import { ProjectFiles, ProjectSummary } from "./project.js";
import { inside } from "./paths.js";

export const COOKIE = "catchment_studio";

export interface OpenProject {
  summary: ProjectSummary;
  files: ProjectFiles;
  dir: string;
}

export interface Session {
  id: string;
  dir: string;
  project: OpenProject | null;
  /** the current or latest job */
  job: Job | null;
  jobs: Map<string, Job>;
  /** the project files each design was made from (for its check) */
  designFiles: Map<string, ProjectFiles>;
  listeners: Set<ServerResponse>;
  counter: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  /** The request's session, or a new one (its cookie set on the response). */
  of(req: IncomingMessage, res: ServerResponse): Session {
    const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f]{32})(?:;|$)`).exec(req.headers.cookie ?? "");
    const known = m ? this.byId.get(m[1]) : undefined;
    if (known) return known;
    const id = randomBytes(16).toString("hex");
    const dir = inside(this.root, id);
    mkdirSync(dir, { recursive: true });
    const s: Session = { id, dir, project: null, job: null, jobs: new Map(), designFiles: new Map(), listeners: new Set(), counter: 0 };
    this.byId.set(id, s);
    res.setHeader("Set-Cookie", `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`);
    return s;
  }

  all(): Session[] {
    return [...this.byId.values()];
  }
}

/** A fresh numbered name in a session ("3-design"). */
export function nextName(s: Session, what: string): string {
  s.counter++;
  return `${s.counter}-${what}`;
}

export function sessionPath(s: Session, ...parts: string[]): string {
  return inside(s.dir, ...parts);
}

