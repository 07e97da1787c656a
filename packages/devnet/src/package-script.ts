// Apps run through their own package scripts (`npm run <script> -w <package>`), so the orchestrator
// knows a package name and a script, never an app's files or internals. npm passes the arguments after
// `--` on to the script; the component's process group includes npm, so stopping it stops the app.
import { execFile } from "node:child_process";
import path from "node:path";

// npm finds the workspace from its working directory: the monorepo's root.
const workspaceRoot = path.resolve(import.meta.dirname, "../../..");

export function packageScript(pkg: string, script: string, args: string[] = []) {
  return {
    cwd: workspaceRoot,
    command: process.platform === "win32" ? "npm.cmd" : "npm",
    args: ["run", "--silent", "--workspace", pkg, script, ...(args.length > 0 ? ["--", ...args] : [])],
  };
}

// Runs a package script to completion (a build step, not a component) and resolves with its output;
// a failure, a timeout or the abort signal rejects with what it printed.
export function runPackageScript(
  pkg: string,
  script: string,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const { cwd, command, args } = packageScript(pkg, script);
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, timeout: opts.timeoutMs ?? 180_000, signal: opts.signal, encoding: "utf8" },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`npm run ${script} -w ${pkg} failed: ${err.message}\n${stdout}${stderr}`));
        else resolve(stdout.trim());
      },
    );
  });
}
