// Apps run through their own package scripts (`npm run <script> -w <package>`), so the orchestrator
// knows a package name and a script, never an app's files or internals. npm passes the arguments after
// `--` on to the script; the component's process group includes npm, so stopping it stops the app.
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
