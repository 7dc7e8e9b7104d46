import { spawnSync } from 'node:child_process';

/** Runs a command with inherited output; exits the process with its status when it fails. */
export function run(command, args, options = {}) {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (error) throw error;
  if (status !== 0) {
    console.error(`✗ ${command} ${args.join(' ')} exited with ${status}`);
    process.exit(status ?? 1);
  }
}
